from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "foodtrace.registry"
    verbose_name = _("Business registry")
    audited = True  # every ORM write of this app's models goes into the audit trail (foodtrace.audit)

    def ready(self):
        from foodtrace.registry import workflow  # noqa: F401 (declares the licence's case type)
