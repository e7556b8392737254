from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from foodtrace.i18n import localized
from foodtrace.identifiers import IdentifierError, normalise_gtin
from foodtrace.regions.scoping import ScopedManager


class ProductCategory(models.Model):
    """The plan's seven categories (肉类、蔬菜、水产品、水发产品、酒类、乳制品、豆制品) and their sub-categories."""

    code = models.CharField(_("code"), max_length=32, primary_key=True)  # e.g. "meat", "meat.pork"
    name = models.CharField(_("name"), max_length=64)
    name_en = models.CharField(_("English name"), max_length=64, blank=True)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
                               verbose_name=_("parent category"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("product category")
        verbose_name_plural = _("product categories")

    def __str__(self):
        return self.name

    @property
    def top_code(self) -> str:
        return self.code.split(".")[0]


class Product(models.Model):
    class Unit(models.TextChoices):
        KG = "kg", _("kilogram")
        PIECE = "piece", _("piece")
        HEAD = "head", _("head")  # live animals / carcasses
        BOX = "box", _("box")
        BOTTLE = "bottle", _("bottle")
        LITRE = "L", _("litre")

    business = models.ForeignKey("registry.Business", on_delete=models.PROTECT, related_name="products",
                                 verbose_name=_("business"))
    name = models.CharField(_("name"), max_length=200)
    category = models.ForeignKey(ProductCategory, on_delete=models.PROTECT, related_name="products",
                                 verbose_name=_("category"))
    # Stored as GTIN-14 so 8/12/13-digit forms of one product are one key.
    gtin = models.CharField(_("GTIN"), max_length=14, unique=True, null=True, blank=True)
    specification = models.CharField(_("specification"), max_length=100, blank=True)  # 规格, e.g. 500g/袋
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices, default=Unit.KG)
    shelf_life_days = models.PositiveIntegerField(_("shelf life (days)"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedManager()
    scope_district_path = "business__district"
    scope_business_path = "business"
    scope_kind_path = "business__kind"

    class Meta:
        ordering = ["name"]
        verbose_name = _("product")
        verbose_name_plural = _("products")

    def __str__(self):
        return f"{self.name} {self.specification}".strip()

    def clean(self):
        super().clean()
        if self.gtin:
            try:
                self.gtin = normalise_gtin(self.gtin)
            except IdentifierError as exc:
                raise ValidationError({"gtin": localized(exc)}) from exc
        else:
            self.gtin = None
