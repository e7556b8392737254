"""What a case model and a timeline model inherit, and the worker's schedule of periodic jobs."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CaseClockMixin(models.Model):
    """When the case entered its state, when that state is due, and whether it was escalated in it.

    For a model whose state lives in a field of its own (``status``); a new case type uses ``CaseMixin``.
    The engine sets all three on every transition (escalation is once per state: a new state clears it).
    """

    state_entered_at = models.DateTimeField(_("in this state since"), null=True, blank=True)
    state_deadline = models.DateTimeField(_("due in this state by"), null=True, blank=True, db_index=True)
    state_escalated_at = models.DateTimeField(_("escalated in this state"), null=True, blank=True)

    class Meta:
        abstract = True

    def is_overdue(self, now=None) -> bool:
        return self.state_deadline is not None and self.state_deadline < (now or timezone.now())


class CaseMixin(CaseClockMixin):
    state = models.CharField(_("state"), max_length=32, db_index=True)

    class Meta:
        abstract = True


class TimelineEntry(models.Model):
    """One row of a case's timeline (append-only; each is also in the audit trail).

    Subclasses add the foreign key to their case and the field that says what happened
    (``timeline_kind_field``, a field with choices); the one partial ``workflow/timeline.html`` renders any of
    them through ``timeline_label``, ``timeline_subject`` and ``timeline_note``.
    """

    at = models.DateTimeField(_("at"), default=timezone.now)
    actor_name = models.CharField(_("by"), max_length=150, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    timeline_kind_field = "kind"
    escalated_kind = "escalated"

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    @property
    def timeline_kind(self) -> str:
        return getattr(self, self.timeline_kind_field)

    @property
    def timeline_label(self) -> str:
        return getattr(self, f"get_{self.timeline_kind_field}_display")()

    @property
    def timeline_subject(self) -> str:
        """Whom the row is about besides the case (a party, an assignee); blank by default."""
        return ""

    @property
    def timeline_note(self) -> str:
        return str((self.detail or {}).get("note") or "")

    @property
    def is_escalation(self) -> bool:
        return self.timeline_kind == self.escalated_kind


class PeriodicJob(models.Model):
    """When a periodic job (webhook delivery, escalation) is next due; a worker that moves ``next_run_at``
    forward with a conditional UPDATE is the one that enqueues it, however many workers run."""

    name = models.CharField(_("job"), max_length=100, primary_key=True)
    next_run_at = models.DateTimeField(_("next run"), default=timezone.now)
    last_enqueued_at = models.DateTimeField(_("last enqueued"), null=True, blank=True)
    last_worker = models.CharField(_("last enqueued by"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("periodic job")
        verbose_name_plural = _("periodic jobs")

    def __str__(self):
        return self.name
