from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "foodtrace.regions"
    verbose_name = _("Administrative divisions")
    audited = True  # every ORM write of this app's models goes into the audit trail (foodtrace.audit)
