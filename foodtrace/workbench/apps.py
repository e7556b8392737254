from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class WorkbenchConfig(AppConfig):
    name = "foodtrace.workbench"
    verbose_name = _("Workbench")

    def ready(self):
        # Each app's workbench.py registers its providers; this package never names them.
        autodiscover_modules("workbench")
