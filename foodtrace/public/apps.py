from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "foodtrace.public"
    label = "public"
    verbose_name = _("Public look-up")

    def ready(self):
        from foodtrace.public import signals  # noqa: F401 (connects the invalidation signals)
