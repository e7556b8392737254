"""Workbench items of the ledgers (购销台账): uploads refused in the last week, and a reminder to a business
that has recorded nothing for a week (《食品安全法》第五十条、第五十三条: purchases are recorded as they happen)."""

from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import Count, Max, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from foodtrace import workbench
from foodtrace.accounts.roles import Role
from foodtrace.ledgers.models import LedgerUpload

RECENT = timedelta(days=7)


def upload_list_url(*, since, district: str = "") -> str:
    query = {"status": LedgerUpload.Status.FAILURE.value, "since": since.isoformat()}
    if district:
        query["district"] = district
    return f"{reverse('ledgers:index')}?{urlencode(query)}"


@workbench.provider(roles=[Role.BUSINESS_USER], permission="ledgers.add_ledgerupload")
def own_ledger(ctx):
    """Refused uploads since the last one recorded (a later good file fixed them), and the weekly reminder."""
    if not getattr(ctx.user, "business_id", None):
        return
    since = ctx.now - RECENT
    uploads = LedgerUpload.objects.restrict(ctx.user)
    last_ok = uploads.filter(status=LedgerUpload.Status.SUCCESS).aggregate(at=Max("uploaded_at"))["at"]
    after = max(since, last_ok or since)
    refused = uploads.filter(status=LedgerUpload.Status.FAILURE, uploaded_at__gte=after)
    counts = refused.aggregate(n=Count("pk"), first=Min("pk"))
    if counts["n"]:
        url = (reverse("ledgers:upload", args=[counts["first"]]) if counts["n"] == 1
               else upload_list_url(since=timezone.localdate(after)))
        yield workbench.Item(key="ledgers.refused", count=counts["n"], url=url, urgency=workbench.Urgency.TO_DO,
                             title=ngettext("ledger upload was refused: correct the file and hand it in again",
                                            "ledger uploads were refused: correct the files and hand them in again",
                                            counts["n"]))
    if last_ok is None or last_ok < since:
        detail = (_("Last recorded on %(day)s.") % {"day": timezone.localdate(last_ok).isoformat()} if last_ok
                  else _("Nothing recorded yet."))
        yield workbench.Item(key="ledgers.reminder", count=None, url=reverse("ledgers:quick"),
                             urgency=workbench.Urgency.TO_DO, detail=detail,
                             title=_("No purchase or sale recorded in the last 7 days: record this week's ledger"))


@workbench.provider(roles=[Role.CITY_ADMIN, Role.DISTRICT_REGULATOR], permission="ledgers.view_ledgerupload")
def refused_in_area(ctx):
    """Uploads refused in the last week in the person's area: businesses that may need help with their files."""
    since = timezone.localdate(ctx.now - RECENT)
    rows = list(LedgerUpload.objects.restrict(ctx.user)
                .filter(Q(status=LedgerUpload.Status.FAILURE) & Q(uploaded_at__date__gte=since))
                .values("business__district").annotate(n=Count("pk")).order_by())
    total = sum(r["n"] for r in rows)
    if not total:
        return
    yield workbench.Item(
        key="ledgers.refused_in_area", count=total, url=upload_list_url(since=since),
        urgency=workbench.Urgency.NOTICE,
        title=ngettext("ledger upload refused in the last 7 days", "ledger uploads refused in the last 7 days",
                       total),
        by_district=ctx.by_district(((r["business__district"], r["n"]) for r in rows),
                                    lambda code: upload_list_url(since=since, district=code)))
