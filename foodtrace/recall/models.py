"""Recalls (食品召回, 《食品召回管理办法》): the lots a recall starts from, every business it reaches, and what
each has done about it.

Visibility (docs/recall.md): a recall is seen by the city, by the regulators of the district that started
it, by the regulators of every district it reaches (with their district's parties only), and by each
business it reaches (its own part only). ``Recall.objects.restrict`` says so in one place.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from foodtrace.recall.deadlines import FINISH_WORKING_DAYS
from foodtrace.regions.scoping import ScopedManager, ScopedQuerySet, ScopeLevel, scope_of
from foodtrace.workflow.models import CaseClockMixin, CaseMixin, TimelineEntry


class RecallQuerySet(ScopedQuerySet):
    def restrict(self, principal):
        """Like every scoped model, plus the districts and businesses a recall reaches (it crosses districts)."""
        scope = scope_of(principal)
        if scope.level == ScopeLevel.DISTRICT:
            reached = RecallParty.objects.filter(business__district_id=scope.district_id).values("recall_id")
            return self.filter(Q(district_id=scope.district_id) | Q(pk__in=reached))
        if scope.level == ScopeLevel.BUSINESS:
            return self.filter(pk__in=RecallParty.objects.filter(business_id=scope.business_id).values("recall_id"))
        return scope.apply(self)


class Recall(CaseClockMixin, models.Model):
    """A recall: a case of the workflow (open → closed, recall/workflow.py), due by its finish deadline."""

    class Level(models.IntegerChoices):
        # 《食品召回管理办法》第十三条: by the seriousness of the risk.
        ONE = 1, _("Level 1 (may cause serious harm or death)")
        TWO = 2, _("Level 2 (may cause general harm)")
        THREE = 3, _("Level 3 (false labelling)")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("recall status", "Open")
        CLOSED = "closed", pgettext_lazy("recall status", "Closed")

    number = models.CharField(_("recall number"), max_length=20, unique=True)  # ZH-2026-0001
    level = models.PositiveSmallIntegerField(_("recall level"), choices=Level.choices)
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    # Who steers it: the starting regulator's district, or the city for a recall the city started.
    district = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("responsible region"))
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("started by"))
    started_by_name = models.CharField(_("started by (name)"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    start_deadline = models.DateTimeField(_("must start by"))
    finish_deadline = models.DateTimeField(_("must finish by"))
    lots_reached = models.PositiveIntegerField(_("lots reached"), default=0)
    # Receivers named in shipments that are not registered businesses (e.g. another city's): they cannot be
    # notified here, so the regulator must reach them another way.
    unresolved_parties = models.JSONField(_("unregistered receivers"), default=list, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("closed by"))
    close_note = models.TextField(_("closing note"), blank=True)

    objects = models.Manager.from_queryset(RecallQuerySet)()
    scope_district_path = "district"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("recall")
        verbose_name_plural = _("recalls")
        indexes = [models.Index(fields=["district", "status"]), models.Index(fields=["status", "finish_deadline"])]

    def __str__(self):
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def finish_working_days(self) -> int:
        """How many working days ``finish_deadline`` was counted with (for the page's calendar note)."""
        return FINISH_WORKING_DAYS[self.level]

    @property
    def finish_last_day(self):
        """The last working day of the finish period (``finish_deadline`` is 24:00 of it, exclusive)."""
        return timezone.localdate(self.finish_deadline - timedelta(microseconds=1))


class RecallLot(models.Model):
    """A lot the recall was started from (the others are reached from these)."""

    recall = models.ForeignKey(Recall, on_delete=models.PROTECT, related_name="lots", verbose_name=_("recall"))
    key = models.CharField(_("canonical key"), max_length=300)
    code = models.CharField(_("code"), max_length=300)  # the scannable form (Digital Link path, platform lot)

    objects = ScopedManager()
    scope_district_path = "recall__district"

    class Meta:
        verbose_name = _("recalled lot")
        verbose_name_plural = _("recalled lots")
        constraints = [models.UniqueConstraint(fields=["recall", "key"], name="recall_lot_once")]

    def __str__(self):
        return self.code


class RecallPartyQuerySet(ScopedQuerySet):
    def overdue(self, now):
        """Parties of open recalls that missed a deadline: not acknowledged or not started by the start
        deadline, or not completed by the finish deadline."""
        return self.filter(recall__status=Recall.Status.OPEN).filter(
            (Q(acknowledged_at__isnull=True) | Q(started_at__isnull=True)) & Q(recall__start_deadline__lt=now)
            | Q(completed_at__isnull=True) & Q(recall__finish_deadline__lt=now))


class RecallParty(CaseMixin, models.Model):
    """One business a recall reaches, and its answer: acknowledged, started, recovered, destroyed, completed.

    A case of the workflow (recall/workflow.py): notified → acknowledged → begun → completed, due by the
    recall's start deadline until it has begun, then by its finish deadline.
    """

    class State(models.TextChoices):
        NOTIFIED = "notified", pgettext_lazy("recall party state", "Notified")
        ACKNOWLEDGED = "acknowledged", pgettext_lazy("recall party state", "Acknowledged")
        BEGUN = "begun", pgettext_lazy("recall party state", "Recall begun")
        COMPLETED = "completed", pgettext_lazy("recall party state", "Completed")

    state = models.CharField(_("state"), max_length=32, choices=State.choices, default=State.NOTIFIED,
                             db_index=True)
    recall = models.ForeignKey(Recall, on_delete=models.PROTECT, related_name="parties", verbose_name=_("recall"))
    business = models.ForeignKey("registry.Business", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("business"))
    # [{"key", "code", "quantity", "uom"}]: the lots of the affected set this business held or received.
    affected_lots = models.JSONField(_("affected lots"), default=list)
    quantity_affected = models.FloatField(_("quantity affected"), null=True, blank=True)
    uom = models.CharField(_("unit"), max_length=8, blank=True)
    notified_at = models.DateTimeField(_("notified"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    started_at = models.DateTimeField(_("recall started"), null=True, blank=True)
    quantity_recovered = models.FloatField(_("quantity recovered"), null=True, blank=True)
    quantity_destroyed = models.FloatField(_("quantity destroyed"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = models.Manager.from_queryset(RecallPartyQuerySet)()
    scope_district_path = "business__district"
    scope_business_path = "business"
    scope_kind_path = "business__kind"

    class Meta:
        ordering = ["recall", "business__district", "business__name"]
        verbose_name = _("recall party")
        verbose_name_plural = _("recall parties")
        constraints = [models.UniqueConstraint(fields=["recall", "business"], name="recall_party_once")]
        indexes = [models.Index(fields=["business", "recall"])]

    def __str__(self):
        return f"{self.recall_id} · {self.business_id}"


class RecallStep(TimelineEntry):
    """The recall's own timeline (also in the audit trail, which only the audit administrator reads)."""

    class Action(models.TextChoices):
        STARTED = "started", _("Recall started")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        BEGUN = "begun", _("Recall begun")
        REPORTED = "reported", _("Quantities reported")
        COMPLETED = "completed", _("Completed")
        CLOSED = "closed", _("Recall closed")
        ESCALATED = "escalated", _("Overdue: escalated")

    recall = models.ForeignKey(Recall, on_delete=models.PROTECT, related_name="steps", verbose_name=_("recall"))
    party = models.ForeignKey(RecallParty, on_delete=models.PROTECT, null=True, blank=True, related_name="steps",
                              verbose_name=_("party"))
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)

    objects = ScopedManager()
    scope_district_path = "recall__district"
    timeline_kind_field = "action"

    class Meta(TimelineEntry.Meta):
        verbose_name = _("recall step")
        verbose_name_plural = _("recall steps")

    def __str__(self):
        return f"{self.recall_id} {self.action}"

    @property
    def timeline_subject(self) -> str:
        return self.party.business.name if self.party_id else ""
