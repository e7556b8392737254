"""The audit administrator's duty (审计管理员): the chain verification's last result, and a nudge to run it
again when it is old."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from foodtrace import workbench
from foodtrace.accounts.roles import Role
from foodtrace.audit.models import AuditVerification

VERIFY_EVERY = timedelta(days=7)


@workbench.provider(roles=[Role.AUDIT_ADMIN], permission="audit.view_auditentry")
def chain_status(ctx):
    url = reverse("admin:audit_auditentry_changelist") + "#chain-verification"
    last = AuditVerification.objects.order_by("-at", "-id").first()
    if last is None:
        yield workbench.Item(key="audit.chain", count=None, url=url, urgency=workbench.Urgency.DUE,
                             title=_("The audit chain has never been verified: verify it now"))
        return
    when = timezone.localtime(last.at)
    detail = _("Last verified %(at)s by %(by)s; %(n)d entries checked.") % {
        "at": when.strftime("%Y-%m-%d %H:%M (UTC%z)"), "by": last.by_name, "n": last.checked}
    if not last.ok:
        yield workbench.Item(key="audit.chain", count=None, url=url, urgency=workbench.Urgency.OVERDUE, detail=detail,
                             title=_("The audit chain is BROKEN from entry #%(first)s: entries were changed or "
                                     "removed") % {"first": last.first_bad_index})
    elif last.at < ctx.now - VERIFY_EVERY:
        yield workbench.Item(key="audit.chain", count=None, url=url, urgency=workbench.Urgency.DUE, detail=detail,
                             title=_("The audit chain was intact, but was last verified more than 7 days ago"))
    else:
        yield workbench.Item(key="audit.chain", count=None, url=url, urgency=workbench.Urgency.OK, detail=detail,
                             title=_("The audit chain is intact"))
