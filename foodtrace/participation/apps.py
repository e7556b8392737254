from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "foodtrace.participation"
    verbose_name = _("Public participation")
    audited = True  # every ORM write of this app's models goes into the audit trail (foodtrace.audit)

    def ready(self):
        from foodtrace.participation import workflow  # noqa: F401 (declares the problem report's case type)
