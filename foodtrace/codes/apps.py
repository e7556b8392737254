from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CodesConfig(AppConfig):
    name = "foodtrace.codes"
    verbose_name = _("Trace codes")
    audited = True  # every ORM write of this app's models goes into the audit trail (foodtrace.audit)
