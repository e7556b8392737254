"""Trace codes (追溯码): the identifiers the platform issues or registers for lots and units of food.

A row is either a platform lot code (``T`` + 15 base-36 characters, key ``plot:{code}``) for goods
without a GTIN, or a GS1 lot or unit a business registered (key ``lgtin:…`` / ``sgtin:…``, ``code``
blank). ``parent`` links a part sold off a lot to that lot (流通追溯码); the trace graph holds the
same link as a ``split-into`` edge, captured with the split.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from foodtrace.identifiers.epc import CanonicalId, canonical_from_key, platform_lot_uri, to_digital_link
from foodtrace.regions.scoping import ScopedManager


def display_of(cid: CanonicalId) -> str:
    """A code as printed under its QR: the platform code, or GS1 element strings, (01)…(10)… / (01)…(21)…."""
    if cid.kind == "platform_lot":
        return cid.value
    text = f"(01){cid.gtin}"
    if cid.lot:
        text += f"(10){cid.lot}"
    if cid.serial:
        text += f"(21){cid.serial}"
    return text


class TraceCode(models.Model):
    class Kind(models.TextChoices):
        LOT = "lot", _("Lot")
        UNIT = "unit", _("Unit")

    # Blank for GS1 goods: their GTIN + lot or serial is the code, and it is in ``key``.
    code = models.CharField(_("platform code"), max_length=16, blank=True, editable=False)
    key = models.CharField(_("identifier key"), max_length=300, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.LOT)
    product = models.ForeignKey("registry.Product", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="trace_codes", verbose_name=_("product"))
    business = models.ForeignKey("registry.Business", on_delete=models.PROTECT, related_name="trace_codes",
                                 verbose_name=_("business"))
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="parts",
                               verbose_name=_("split from"))
    quantity = models.FloatField(_("quantity"), null=True, blank=True)
    uom = models.CharField(_("unit of measure"), max_length=3, blank=True,
                           help_text=_("UN/ECE Recommendation 20 code, e.g. KGM for kilograms."))
    production_date = models.DateField(_("production date"), null=True, blank=True)
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True)
    created_at = models.DateTimeField(_("issued"), auto_now_add=True, db_index=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("issued by"))
    api_client = models.ForeignKey("accounts.ApiClient", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("issued through API client"))

    objects = ScopedManager()
    scope_district_path = "business__district"
    scope_business_path = "business"
    scope_kind_path = "business__kind"

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("trace code")
        verbose_name_plural = _("trace codes")
        constraints = [
            # Platform codes are never issued twice; GS1 rows leave the code blank.
            models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="codes_tracecode_code_unique"),
        ]
        indexes = [models.Index(fields=["business", "created_at"])]

    def __str__(self):
        return self.code or self.key

    @property
    def canonical(self) -> CanonicalId:
        return canonical_from_key(self.key)

    @property
    def is_platform(self) -> bool:
        return self.key.startswith("plot:")

    @property
    def uri(self) -> str:
        """How events name it: the platform URN, or the GS1 Digital Link on id.gs1.org."""
        return platform_lot_uri(self.code) if self.is_platform else to_digital_link(self.canonical)

    def public_url(self, base: str) -> str:
        """The scannable https URI on the platform host (``base`` is the origin, e.g. https://trace.example.cn)."""
        return platform_lot_uri(self.code, base) if self.is_platform else to_digital_link(self.canonical, base)

    @property
    def display(self) -> str:
        """Human-readable form printed under a QR code: the platform code, or GS1 HRI with AIs."""
        return display_of(self.canonical)

    @property
    def lot_text(self) -> str:
        if self.is_platform:
            return self.code
        cid = self.canonical
        return cid.serial if cid.kind == "sgtin" else cid.lot
