"""What the public look-up stores: one row per look-up (analytics and counterfeit signs), and the stamps that
say when the data behind a cached product page last changed (docs/public.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from foodtrace.display.times import beijing


class Scan(models.Model):
    """One look-up of a code on the public pages. Never the network address nor anything else personal: the
    place is what the browser offered, rounded to 0.1° (about 10 km), the browser only as a class."""

    class Agent(models.TextChoices):
        PHONE = "phone", _("Phone or tablet")
        DESKTOP = "desktop", _("Computer")
        KIOSK = "kiosk", _("Kiosk")
        BOT = "bot", _("Program or crawler")
        OTHER = "other", _("Other")

    class Source(models.TextChoices):
        LINK = "link", _("Opened the code's link (QR code)")
        TYPED = "typed", _("Typed")
        CAMERA = "camera", _("Camera in the browser")
        SCANNER = "scanner", _("Barcode scanner")

    at = models.DateTimeField(_("time"), db_index=True)
    key = models.CharField(_("code looked up"), max_length=300)  # canonical key (identifiers.epc)
    kind = models.CharField(_("kind"), max_length=20)  # canonical kind: platform_lot, lgtin, sgtin, gtin
    found = models.BooleanField(_("known code"), default=True)
    latitude = models.DecimalField(_("latitude (0.1°)"), max_digits=4, decimal_places=1, null=True, blank=True)
    longitude = models.DecimalField(_("longitude (0.1°)"), max_digits=4, decimal_places=1, null=True, blank=True)
    agent = models.CharField(_("browser"), max_length=8, choices=Agent.choices, default=Agent.OTHER)
    source = models.CharField(_("how"), max_length=8, choices=Source.choices, default=Source.LINK)
    kiosk = models.CharField(_("kiosk"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("look-up")
        verbose_name_plural = _("look-ups")
        indexes = [models.Index(fields=["key", "at"])]

    def __str__(self):
        return f"{self.key} {beijing(self.at)}"
