from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, CharField, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from foodtrace.i18n import localized
from foodtrace.identifiers import IdentifierError, parse_licence_number
from foodtrace.regions.scoping import ScopedQuerySet
from foodtrace.workflow.models import CaseClockMixin, TimelineEntry


class LicenceKind(models.TextChoices):
    PRODUCTION = "SC", _("Food production licence")  # 食品生产许可证
    BUSINESS = "JY", _("Food business licence")  # 食品经营许可证


class LicenceStatus(models.TextChoices):
    """Effective status; only valid / suspended / revoked are stored, the rest follow from the dates."""

    VALID = "valid", _("Valid")
    EXPIRING = "expiring", _("Expiring soon")
    EXPIRED = "expired", _("Expired")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")


STORED_STATUSES = (LicenceStatus.VALID, LicenceStatus.SUSPENDED, LicenceStatus.REVOKED)


class LicenceQuerySet(ScopedQuerySet):
    def with_effective_status(self, today=None):
        today = today or timezone.localdate()
        soon = today + timedelta(days=settings.LICENCE_EXPIRING_DAYS)
        return self.annotate(effective_status=Case(
            When(~Q(status=LicenceStatus.VALID), then=F("status")),
            When(valid_until__lt=today, then=Value(LicenceStatus.EXPIRED.value)),
            When(valid_until__lte=soon, then=Value(LicenceStatus.EXPIRING.value)),
            default=Value(LicenceStatus.VALID.value),
            output_field=CharField(),
        ))


class Licence(CaseClockMixin, models.Model):
    """A licence; its stored status is a case of the workflow (registry/workflow.py)."""

    business = models.ForeignKey("registry.Business", on_delete=models.PROTECT, related_name="licences",
                                 verbose_name=_("business"))
    kind = models.CharField(_("kind"), max_length=2, choices=LicenceKind.choices)
    number = models.CharField(_("licence number"), max_length=16, unique=True)
    area_code = models.CharField(_("area code"), max_length=6, editable=False)
    scope = models.TextField(_("licensed scope"), blank=True)  # 许可范围 / 经营项目
    issued_by = models.CharField(_("issued by"), max_length=100, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), db_index=True)
    status = models.CharField(_("status"), max_length=16, default=LicenceStatus.VALID,
                              choices=[(s.value, s.label) for s in STORED_STATUSES])
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = LicenceQuerySet.as_manager()
    scope_district_path = "business__district"
    scope_business_path = "business"
    scope_kind_path = "business__kind"

    class Meta:
        ordering = ["valid_until"]
        verbose_name = _("licence")
        verbose_name_plural = _("licences")
        permissions = [("change_licence_status", "Can suspend, revoke and restore licences")]

    def __str__(self):
        return self.number

    def effective_status(self, today=None) -> str:
        if self.status != LicenceStatus.VALID:
            return self.status
        today = today or timezone.localdate()
        if self.valid_until < today:
            return LicenceStatus.EXPIRED
        if self.valid_until <= today + timedelta(days=settings.LICENCE_EXPIRING_DAYS):
            return LicenceStatus.EXPIRING
        return LicenceStatus.VALID

    def clean_fields(self, exclude=None):
        # Kind and area code follow from the number, so derive them before the field checks.
        exclude = set(exclude or ())
        try:
            parsed = parse_licence_number(self.number or "")
        except IdentifierError as exc:
            errors = {"number": [localized(exc)]}
            try:
                super().clean_fields(exclude | {"number", "kind", "area_code"})
            except ValidationError as others:
                errors.update(others.message_dict)
            raise ValidationError(errors) from exc
        self.number, self.kind, self.area_code = parsed.number, parsed.kind, parsed.area_code
        super().clean_fields(exclude)

    def clean(self):
        super().clean()
        if self.business_id and self.area_code and self.area_code != self.business.district_id:
            raise ValidationError({"number": _(
                "The licence's area code %(area)s does not match the business's district %(district)s."
            ) % {"area": self.area_code, "district": self.business.district}})
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The end of validity is before its start.")})


class LicenceStatusChange(TimelineEntry):
    """The timeline of a licence's stored status (issued, suspended, revoked, restored)."""

    licence = models.ForeignKey(Licence, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("time"), default=timezone.now)

    objects = ScopedQuerySet.as_manager()
    scope_district_path = "licence__business__district"
    scope_business_path = "licence__business"
    scope_kind_path = "licence__business__kind"
    timeline_kind_field = "to_status"

    class Meta(TimelineEntry.Meta):
        verbose_name = _("licence status change")
        verbose_name_plural = _("licence status changes")

    def __str__(self):
        return f"{self.licence_id}: {self.from_status} → {self.to_status}"

    @property
    def timeline_label(self) -> str:
        label = dict(LicenceStatus.choices).get(self.to_status, self.to_status)
        if not self.from_status:
            return _("Issued (%(status)s)") % {"status": label}
        previous = dict(LicenceStatus.choices).get(self.from_status, self.from_status)
        return f"{previous} → {label}"

    @property
    def timeline_note(self) -> str:
        return self.reason or super().timeline_note
