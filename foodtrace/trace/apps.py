from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TraceConfig(AppConfig):
    name = "foodtrace.trace"
    verbose_name = _("Traceability information")  # 追溯信息数据库
    audited = True  # every ORM write of this app's models goes into the audit trail (foodtrace.audit)
