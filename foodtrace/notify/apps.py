from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "foodtrace.notify"
    verbose_name = _("Notifications")
    audited = True  # every ORM write of this app's models goes into the audit trail (foodtrace.audit)

    def ready(self):
        from foodtrace.notify.services import notice_send
        from foodtrace.workflow.notices import register_sender

        # The workflow (kernel) sends its notices here without importing this package.
        register_sender(notice_send)
