from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "foodtrace.notify"
    verbose_name = _("Notifications")
    audited = True  # every ORM write of this app's models goes into the audit trail (foodtrace.audit)
