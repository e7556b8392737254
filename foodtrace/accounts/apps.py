from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "foodtrace.accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from foodtrace.accounts import signals  # noqa: F401  (login events into the audit trail)
