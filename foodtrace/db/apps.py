from django.apps import AppConfig
from django.db.backends.signals import connection_created


class DatabaseConfig(AppConfig):
    """Installed so that each new PostgreSQL connection is configured for the prepared statements of ``sql``
    whichever package first runs one."""

    name = "foodtrace.db"
    label = "foodtrace_db"
    verbose_name = "Database plumbing"

    def ready(self):
        from foodtrace.db.sql import configure_session

        connection_created.connect(configure_session, dispatch_uid="foodtrace.db.sql.configure_session")
