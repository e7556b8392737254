"""The system administrator's line for the working-day calendar: a year that deadlines will run into
(this year or next) without its State Council holiday notice entered. Deadlines then skip only weekends,
which is never to pass silently (docs/calendar.md)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from foodtrace import workbench
from foodtrace.accounts.roles import Role
from foodtrace.workdays.selectors import missing_years


@workbench.provider(roles=[Role.SYSTEM_ADMIN])
def calendar_gaps(ctx):
    years = missing_years(ctx.today)
    if not years:
        return
    yield workbench.Item(
        key="workdays.missing_years", count=len(years), url=reverse("admin:workdays_calendaryear_add"),
        urgency=workbench.Urgency.OVERDUE if ctx.today.year in years else workbench.Urgency.DUE,
        title=_("working-day calendar lacks the holiday arrangement of %(years)s")
        % {"years": "、".join(str(year) for year in years)},
        detail=_("Deadlines counted into these years skip only weekends. Enter the State Council's notice of "
                 "holidays and make-up working days (docs/calendar.md)."))
