from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "foodtrace.audit"
    verbose_name = _("Audit trail")
    audited = False  # the trail itself: its entries are the record, not recorded

    def ready(self):
        from foodtrace.audit import signals  # noqa: F401  (connects the write recorders)
