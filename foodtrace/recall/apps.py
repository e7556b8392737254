from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class RecallConfig(AppConfig):
    name = "foodtrace.recall"
    verbose_name = _("Recalls")
    audited = True  # every ORM write of this app's models goes into the audit trail (foodtrace.audit)

    def ready(self):
        checks.register(check_holidays, checks.Tags.compatibility)


def check_holidays(app_configs=None, **kwargs):
    """FOODTRACE_HOLIDAYS is read when a recall starts; a typo should stop the server starting, not a recall."""
    from django.core.exceptions import ImproperlyConfigured

    from foodtrace.recall.deadlines import holidays

    try:
        holidays()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="foodtrace.recall.E001")]
    return []
