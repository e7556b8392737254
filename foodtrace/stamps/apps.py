from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class StampsConfig(AppConfig):
    name = "foodtrace.stamps"
    label = "stamps"
    verbose_name = _("Change stamps")
    audited = False  # change stamps are cache bookkeeping, not business data

    def ready(self):
        from foodtrace.stamps import declare

        # Each package says in its own ``page_stamps`` module which of its changes make cached pages stale.
        autodiscover_modules("page_stamps")
        declare.connect_bulk_imports()
