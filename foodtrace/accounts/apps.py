from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "foodtrace.accounts"
    verbose_name = _("Accounts and roles")
    audited = True  # every ORM write of this app's models goes into the audit trail (foodtrace.audit)
    audits_also = ("otp_totp",)  # the second factors this app enrols (django-otp's TOTP devices)

    def ready(self):
        from foodtrace.accounts import signals  # noqa: F401  (login events into the audit trail)
