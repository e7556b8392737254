from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgersConfig(AppConfig):
    name = "foodtrace.ledgers"
    verbose_name = _("Ledgers")
    audited = True  # every ORM write of this app's models goes into the audit trail (foodtrace.audit)
