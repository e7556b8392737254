"""Workbench items of the registry: licences expired and expiring (《食品安全法》第三十五条: no food business
without a valid licence), in the person's scope, split by district for the city.

The links open the back office's licence list filtered by date (status ``valid`` and ``valid_until``), which
are exactly the rows counted here (``LicenceQuerySet.with_effective_status`` decides the same way).
"""

from datetime import datetime, time, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from foodtrace import workbench
from foodtrace.accounts.roles import Role
from foodtrace.registry.models import Licence, LicenceStatus

DISTRICT_PARAM = "business__district__code__exact"


def licence_list_url(*, expired: bool, today, district: str = "") -> str:
    """The licence list showing the licences this module counts as expired (or expiring) on ``today``."""
    soon = today + timedelta(days=settings.LICENCE_EXPIRING_DAYS)
    query = {"status__exact": LicenceStatus.VALID.value}
    if expired:
        query["valid_until__lt"] = today.isoformat()
    else:
        query.update(valid_until__gte=today.isoformat(), valid_until__lte=soon.isoformat())
    if district:
        query[DISTRICT_PARAM] = district
    return f"{reverse('admin:registry_licence_changelist')}?{urlencode(query)}"


def _end_of(day) -> datetime:
    """A licence is valid through its last day: it lapses at 24:00 local time."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _licence_items(ctx, *, with_expiring: bool):
    today = ctx.today
    soon = today + timedelta(days=settings.LICENCE_EXPIRING_DAYS)
    expired_q, expiring_q = Q(valid_until__lt=today), Q(valid_until__gte=today)
    rows = list(Licence.objects.restrict(ctx.user)
                .filter(status=LicenceStatus.VALID, valid_until__lte=soon)
                .values("business__district")
                .annotate(expired=Count("pk", filter=expired_q), expiring=Count("pk", filter=expiring_q),
                          first_expiring=Min("valid_until", filter=expiring_q),
                          expired_pk=Min("pk", filter=expired_q), expiring_pk=Min("pk", filter=expiring_q))
                .order_by())
    for expired in (True, False) if with_expiring else (True,):
        field = "expired" if expired else "expiring"
        total = sum(r[field] for r in rows)
        if not total:
            continue
        url = licence_list_url(expired=expired, today=today)
        if total == 1:  # the thing itself
            pk = next(r[f"{field}_pk"] for r in rows if r[field])
            url = reverse("admin:registry_licence_change", args=[pk])
        firsts = [r["first_expiring"] for r in rows if r["first_expiring"]]
        if expired:
            title = ngettext("licence has expired: the business may not operate on it",
                             "licences have expired: the businesses may not operate on them", total)
        else:
            title = ngettext("licence expires within %(days)d days", "licences expire within %(days)d days",
                             total) % {"days": settings.LICENCE_EXPIRING_DAYS}
        yield workbench.Item(
            key=f"registry.licences_{field}", title=title, count=total, url=url,
            urgency=workbench.Urgency.OVERDUE if expired else workbench.Urgency.DUE,
            due=None if expired or not firsts else _end_of(min(firsts)),
            by_district=ctx.by_district(((r["business__district"], r[field]) for r in rows),
                                        lambda code, e=expired: licence_list_url(expired=e, today=today,
                                                                                 district=code)))


@workbench.provider(roles=[Role.CITY_ADMIN, Role.DISTRICT_REGULATOR, Role.BUSINESS_USER],
                    permission="registry.view_licence")
def licences(ctx):
    yield from _licence_items(ctx, with_expiring=True)


@workbench.provider(roles=[Role.INSPECTOR], permission="registry.view_licence")
def licences_to_check_on_site(ctx):
    # An inspector's own task here: the businesses of the district trading on an expired licence.
    yield from _licence_items(ctx, with_expiring=False)
