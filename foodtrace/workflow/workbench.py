"""Workbench items of the case workflow: cases escalated because their state's deadline passed
(逾期督办), of every case type, in the person's scope. Inspectors see those assigned to them.

The packages' own items say what is due; this line says what the escalation job has already raised, so a
supervisor finds it where the escalation notice pointed.
"""

from django.utils.translation import gettext as _

from foodtrace import workbench
from foodtrace.accounts.roles import Role
from foodtrace.workflow.selectors import escalated_cases


@workbench.provider(roles=[Role.CITY_ADMIN, Role.DISTRICT_REGULATOR, Role.INSPECTOR])
def escalated(ctx):
    items = escalated_cases(ctx.user, mine=ctx.role == Role.INSPECTOR, limit=500)
    by_type: dict[str, list] = {}
    for item in items:
        by_type.setdefault(item.case_type.name, []).append(item)
    for name, cases in by_type.items():
        first = cases[0]  # most overdue first
        yield workbench.Item(
            key=f"workflow.escalated.{name}", count=len(cases), url=first.link, due=first.deadline,
            urgency=workbench.Urgency.OVERDUE,
            title=_("overdue and escalated: %(type)s") % {"type": first.case_type.label},
            detail=_("The most overdue: %(title)s (%(state)s).") % {"title": first.title,
                                                                   "state": first.state_label})
