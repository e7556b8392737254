from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class TraceConfig(AppConfig):
    name = "foodtrace.trace"
    verbose_name = _("Traceability information")  # 追溯信息数据库

    def ready(self):
        from foodtrace.trace.sql import configure_session

        connection_created.connect(configure_session, dispatch_uid="foodtrace.trace.sql.configure_session")
