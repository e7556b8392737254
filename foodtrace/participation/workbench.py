"""Workbench items of public participation: problem reports (投诉举报) waiting for a handler, and the
reports assigned to this person.

《市场监督管理投诉举报处理暂行办法》第十四条: a complaint is accepted or refused within seven working days of
its receipt, so the oldest report nobody has taken yet sets the due time.
"""

from urllib.parse import urlencode

from django.db.models import Count, Min
from django.urls import reverse
from django.utils.translation import ngettext

from foodtrace import workbench
from foodtrace.accounts.roles import Role
from foodtrace.participation.models import Report
from foodtrace.workdays.clock import working_deadline

ACCEPT_WITHIN_WORKING_DAYS = 7


def report_list_url(**query) -> str:
    return f"{reverse('participation:manage_reports')}?{urlencode(query)}"


@workbench.provider(roles=[Role.CITY_ADMIN, Role.DISTRICT_REGULATOR], permission="participation.change_report")
def reports_to_take(ctx):
    """Reports of the person's area nobody handles yet (status received), by the handling district."""
    rows = list(Report.objects.restrict(ctx.user).filter(status=Report.Status.RECEIVED, assignee__isnull=True)
                .values("district").annotate(n=Count("pk"), oldest=Min("created_at"), first=Min("pk")).order_by())
    total = sum(r["n"] for r in rows)
    if not total:
        return
    due = working_deadline(min(r["oldest"] for r in rows), ACCEPT_WITHIN_WORKING_DAYS)
    url = (reverse("participation:manage_report", args=[rows[0]["first"]]) if total == 1
           else report_list_url(status=Report.Status.RECEIVED.value))
    yield workbench.Item(
        key="participation.unassigned", count=total, url=url, due=due,
        urgency=workbench.Urgency.OVERDUE if due < ctx.now else workbench.Urgency.TO_DO,
        title=ngettext("problem report waits for a handler", "problem reports wait for a handler", total),
        by_district=ctx.by_district(((r["district"], r["n"]) for r in rows),
                                    lambda code: report_list_url(status=Report.Status.RECEIVED.value,
                                                                 district=code)))


@workbench.provider(roles=[Role.CITY_ADMIN, Role.DISTRICT_REGULATOR, Role.INSPECTOR],
                    permission="participation.view_report")
def reports_assigned_to_me(ctx):
    mine = (Report.objects.restrict(ctx.user).filter(assignee_id=ctx.user.pk).exclude(status=Report.Status.CLOSED)
            .aggregate(n=Count("pk"), first=Min("pk")))
    if not mine["n"]:
        return
    url = (reverse("participation:manage_report", args=[mine["first"]]) if mine["n"] == 1
           else report_list_url(mine="1", open="1"))
    yield workbench.Item(key="participation.mine", count=mine["n"], url=url, urgency=workbench.Urgency.TO_DO,
                         title=ngettext("problem report assigned to you is not closed",
                                        "problem reports assigned to you are not closed", mine["n"]))
