"""Workbench items of recalls (《食品召回管理办法》): a business's recall notices to acknowledge and to carry
out, and for regulators the parties of their area that missed a deadline."""

from urllib.parse import urlencode

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.translation import ngettext

from foodtrace import workbench
from foodtrace.accounts.roles import Role
from foodtrace.recall.models import Recall, RecallParty


def recall_list_url(*, overdue: bool = False, district: str = "") -> str:
    query = {"status": Recall.Status.OPEN.value}
    if overdue:
        query["overdue"] = "1"
    if district:
        query["district"] = district
    return f"{reverse('recall:list')}?{urlencode(query)}"


@workbench.provider(roles=[Role.BUSINESS_USER], permission="recall.change_recallparty")
def recall_notices(ctx):
    """The business's part of open recalls: to acknowledge (and start), then to finish."""
    open_parts = RecallParty.objects.restrict(ctx.user).filter(recall__status=Recall.Status.OPEN,
                                                             completed_at__isnull=True)
    to_start = Q(acknowledged_at__isnull=True) | Q(started_at__isnull=True)
    counts = open_parts.aggregate(
        to_start=Count("pk", filter=to_start), start_by=Min("recall__start_deadline", filter=to_start),
        start_recall=Min("recall_id", filter=to_start),
        to_finish=Count("pk", filter=~to_start), finish_by=Min("recall__finish_deadline", filter=~to_start),
        finish_recall=Min("recall_id", filter=~to_start))
    for step in ("start", "finish"):
        total = counts[f"to_{step}"]
        if not total:
            continue
        due = counts[f"{step}_by"]
        url = (reverse("recall:detail", args=[counts[f"{step}_recall"]]) if total == 1
               else recall_list_url())
        if step == "start":
            title = ngettext("recall notice to acknowledge and start", "recall notices to acknowledge and start",
                             total)
        else:
            title = ngettext("recall to carry out and report complete", "recalls to carry out and report complete",
                             total)
        yield workbench.Item(key=f"recall.to_{step}", title=title, count=total, url=url, due=due,
                             urgency=workbench.Urgency.OVERDUE if due and due < ctx.now else workbench.Urgency.DUE)


@workbench.provider(roles=[Role.CITY_ADMIN, Role.DISTRICT_REGULATOR], permission="recall.view_recallparty")
def overdue_parties(ctx):
    """Businesses of the person's area that missed a recall deadline (grouped by the business's district)."""
    rows = list(RecallParty.objects.restrict(ctx.user).overdue(ctx.now).values("business__district")
                .annotate(n=Count("pk")).order_by())
    total = sum(r["n"] for r in rows)
    if not total:
        return
    yield workbench.Item(
        key="recall.overdue_parties", count=total, url=recall_list_url(overdue=True),
        urgency=workbench.Urgency.OVERDUE,
        title=ngettext("business is late with a recall", "businesses are late with a recall", total),
        by_district=ctx.by_district(((r["business__district"], r["n"]) for r in rows),
                                    lambda code: recall_list_url(overdue=True, district=code)))
