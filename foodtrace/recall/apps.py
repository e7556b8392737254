from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecallConfig(AppConfig):
    name = "foodtrace.recall"
    verbose_name = _("Recalls")
    audited = True  # every ORM write of this app's models goes into the audit trail (foodtrace.audit)

    def ready(self):
        from foodtrace.recall import workflow  # noqa: F401 (declares the recall's and the parties' case types)
