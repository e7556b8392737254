from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "foodtrace.workflow"
    verbose_name = _("Case workflow")
    # Its one model is the periodic jobs' schedule (bookkeeping); each case's change is audited by the
    # transition service in the case's own app.
    audited = False
