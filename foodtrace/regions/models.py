"""Administrative divisions (行政区划, GB/T 2260): one city and its districts/counties."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from foodtrace.regions.scoping import ScopedManager


class Region(models.Model):
    class Level(models.TextChoices):
        CITY = "city", _("City")  # 市级平台
        DISTRICT = "district", _("District / county")  # 区县(市)虚拟平台

    code = models.CharField(_("division code"), max_length=6, primary_key=True)
    name = models.CharField(_("name"), max_length=64)
    name_en = models.CharField(_("English name"), max_length=128, blank=True)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    # The city this division belongs to (itself for a city): scoping filters on
    # it with one equality instead of walking the tree.
    city = models.ForeignKey(
        "self", on_delete=models.PROTECT, related_name="divisions", verbose_name=_("city")
    )

    objects = ScopedManager()
    # A division is its own district; users see their city's or their district's rows.
    scope_district_path = "pk"

    class Meta:
        ordering = ["code"]
        verbose_name = _("administrative division")
        verbose_name_plural = _("administrative divisions")

    def __str__(self):
        return f"{self.name} ({self.code})"

    @property
    def is_city(self) -> bool:
        return self.level == self.Level.CITY

