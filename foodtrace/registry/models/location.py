import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from foodtrace.i18n import localized
from foodtrace.identifiers import IdentifierError, validate_gln
from foodtrace.regions.scoping import ScopedManager


class Location(models.Model):
    """A place where food is grown, made, kept, sold or cooked (场所).

    Most Chinese businesses have no GLN, so every location gets a
    platform-issued code (``code``); the GLN is kept where known.
    """

    class Kind(models.TextChoices):
        FIELD = "field", _("Field / pen")  # 种植地块 / 养殖圈舍
        PLANT = "plant", _("Plant / workshop")  # 生产车间
        SLAUGHTER_LINE = "slaughter_line", _("Slaughter line")  # 屠宰线
        WAREHOUSE = "warehouse", _("Warehouse / cold store")  # 仓库 / 冷库
        STALL = "stall", _("Market stall")  # 摊位
        STORE = "store", _("Shop / store")  # 门店
        KITCHEN = "kitchen", _("Kitchen")  # 后厨

    business = models.ForeignKey("registry.Business", on_delete=models.PROTECT, related_name="locations",
                                 verbose_name=_("business"))
    code = models.CharField(_("platform location code"), max_length=24, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    address = models.CharField(_("address"), max_length=300, blank=True)
    gln = models.CharField(_("GLN"), max_length=13, unique=True, null=True, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedManager()
    scope_district_path = "business__district"
    scope_business_path = "business"
    scope_kind_path = "business__kind"

    class Meta:
        ordering = ["code"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self):
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs):
        if not self.code:
            # Random rather than sequential: issued safely by many writers at once, and unguessable.
            self.code = f"L{self.business.district_id}-{secrets.token_hex(4).upper()}"
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.gln:
            try:
                self.gln = validate_gln(self.gln)
            except IdentifierError as exc:
                raise ValidationError({"gln": localized(exc)}) from exc
        else:
            self.gln = None
