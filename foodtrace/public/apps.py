from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "foodtrace.public"
    label = "public"
    verbose_name = _("Public look-up")
    audited = False  # scans of the public look-up are statistics, not business data
