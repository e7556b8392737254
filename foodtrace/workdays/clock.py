"""Working days and deadlines (工作日与期限).

The day of the event is not counted (期间开始的当日不计入, 《民法典》第二百零一条); a deadline counted in days ends at
24:00 of its last day (《民法典》第二百零三条), Beijing time. A working day is a Monday–Friday that the calendar
table does not list as a holiday, or a Saturday/Sunday it lists as a make-up working day (调休上班).

For a year the table does not know, only Saturdays and Sundays are skipped; the result says so
(``WorkingDeadline.unknown_years``, ``deadline_basis``), so a person is never told a weekday-only count as if
it were the official one.

The table is read once per process into an immutable ``Calendar`` and kept until a change: a write in this
process drops it at once (signals), a write in another process is noticed within ``RECHECK_SECONDS`` by one
cheap fingerprint query. Counting itself is a binary search over each year's working days, so thousands of
deadlines cost microseconds each.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from time import monotonic
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.utils.translation import gettext, ngettext, pgettext

BEIJING = ZoneInfo("Asia/Shanghai")
RECHECK_SECONDS = 30.0


@dataclass(frozen=True)
class Calendar:
    """A snapshot of the calendar table: the years it knows and their exceptions to the weekday rule."""

    known_years: frozenset[int] = frozenset()
    holidays: Mapping[date, str] = field(default_factory=dict)  # day off → holiday name
    makeup_days: Mapping[date, str] = field(default_factory=dict)  # weekend working day → holiday name
    _working: dict[int, list[int]] = field(default_factory=dict, compare=False, repr=False)

    def is_working_day(self, day: date) -> bool:
        if day in self.makeup_days:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def working_days_of(self, year: int) -> list[int]:
        """Sorted ordinals of the year's working days (built once per year and snapshot)."""
        days = self._working.get(year)
        if days is None:
            first, last = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
            days = [n for n in range(first, last + 1) if self.is_working_day(date.fromordinal(n))]
            self._working[year] = days  # a benign race: two threads build the same list
        return days

    def add_working_days(self, day: date, count: int) -> date:
        """The ``count``-th working day after ``day`` (``day`` itself not counted); ``day`` for ``count`` <= 0."""
        if count <= 0:
            return day
        year, left = day.year, count
        days = self.working_days_of(year)
        index = bisect_right(days, day.toordinal())
        while len(days) - index < left:
            left -= len(days) - index
            year += 1
            days, index = self.working_days_of(year), 0
        return date.fromordinal(days[index + left - 1])


# The process-wide snapshot ---------------------------------------------------------------------------------

_lock = threading.Lock()
# unsettled: a write to the calendar has happened whose transaction has not committed yet (or was rolled
# back, which sends no signal); until the table is seen again from outside a transaction, every read checks
# the fingerprint instead of trusting the snapshot for RECHECK_SECONDS.
_state: dict = {"calendar": None, "fingerprint": None, "checked": 0.0, "unsettled": False}


def _fingerprint():
    from django.db.models import Count, Max

    from foodtrace.workdays.models import CalendarDay, CalendarYear

    years = CalendarYear.objects.aggregate(n=Count("pk"), at=Max("updated_at"))
    days = CalendarDay.objects.aggregate(n=Count("pk"), at=Max("updated_at"))
    return years["n"], years["at"], days["n"], days["at"]


def _load() -> Calendar:
    from foodtrace.workdays.models import CalendarDay, CalendarYear

    holidays, makeup = {}, {}
    for day, kind, name in CalendarDay.objects.values_list("day", "kind", "name"):
        (makeup if kind == CalendarDay.Kind.MAKEUP else holidays)[day] = name
    return Calendar(frozenset(CalendarYear.objects.values_list("year", flat=True)), holidays, makeup)


def current_calendar() -> Calendar:
    """The calendar as the table has it now (cached per process; see the module docstring)."""
    now = monotonic()
    calendar = _state["calendar"]
    if calendar is not None and not _state["unsettled"] and now - _state["checked"] < RECHECK_SECONDS:
        return calendar
    with _lock:
        fingerprint = _fingerprint()
        if _state["calendar"] is None or fingerprint != _state["fingerprint"]:
            _state["calendar"], _state["fingerprint"] = _load(), fingerprint
        _state["checked"] = now
        if _state["unsettled"] and not connection.in_atomic_block:
            _state["unsettled"] = False
        return _state["calendar"]


def _settled() -> None:
    _state["calendar"], _state["unsettled"] = None, False


def forget_calendar(sender=None, using=None, **kwargs) -> None:
    """Drop this process's snapshot (connected to every write of the calendar's models)."""
    _state["calendar"], _state["unsettled"] = None, True
    transaction.on_commit(_settled, using=using)


# Deadlines -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class WorkingDeadline:
    """A deadline and the calendar it was counted with, so a page can say which one."""

    at: datetime  # 24:00 Beijing time of ``last_day`` (aware; exclusive end)
    last_day: date
    years: tuple[int, ...]  # the calendar years the count ran through
    unknown_years: tuple[int, ...]  # those the table does not know: only weekends were skipped there

    @property
    def basis(self) -> str:
        return basis_text(self.years, self.unknown_years)


def _join_years(years) -> str:
    return pgettext("list separator", ", ").join(pgettext("calendar year", "%(year)s") % {"year": y}
                                                  for y in years)


def basis_parts(years: tuple[int, ...], unknown_years: tuple[int, ...]) -> tuple[str, str]:
    """(which holiday arrangements were used, a warning for the years the table does not know) — either may
    be empty; Chinese first through the catalogue."""
    known = [y for y in years if y not in unknown_years]
    used = warning = ""
    if known:
        used = ngettext("Counted with the public holiday arrangement for %(years)s.",
                        "Counted with the public holiday arrangements for %(years)s.",
                        len(known)) % {"years": _join_years(known)}
    if unknown_years:
        warning = ngettext(
            "Warning: the holiday arrangement for %(years)s is not in the calendar yet; only Saturdays and "
            "Sundays were skipped in that year, so the deadline may be too early.",
            "Warning: the holiday arrangements for %(years)s are not in the calendar yet; only Saturdays and "
            "Sundays were skipped in those years, so the deadline may be too early.",
            len(unknown_years)) % {"years": _join_years(unknown_years)}
    return used, warning


def basis_text(years: tuple[int, ...], unknown_years: tuple[int, ...]) -> str:
    """Which calendar a count used, for a person, in one sentence or two."""
    return " ".join(part for part in basis_parts(years, unknown_years) if part)


def _end_of(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=BEIJING)


def _years_between(first: date, last: date, calendar: Calendar) -> tuple[tuple[int, ...], tuple[int, ...]]:
    years = tuple(range(first.year, last.year + 1))
    return years, tuple(y for y in years if y not in calendar.known_years)


def count_working_days(start: datetime, days: int, calendar: Calendar | None = None) -> WorkingDeadline:
    """``days`` working days after the moment ``start`` (aware): 24:00 Beijing time of the last one.

    The Beijing date of ``start`` is the day of the event and is not counted.
    """
    calendar = calendar or current_calendar()
    first = start.astimezone(BEIJING).date()
    last = calendar.add_working_days(first, days)
    years, unknown = _years_between(min(first + timedelta(days=1), last), last, calendar)
    return WorkingDeadline(_end_of(last), last, years, unknown)


def working_deadline(start: datetime, days: int) -> datetime:
    """24:00 Beijing time of the ``days``-th working day after the Beijing date of ``start`` (aware)."""
    return count_working_days(start, days).at


def stored_deadline_years(start: datetime, end: datetime) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(years a stored deadline ``end`` counted from ``start`` ran through, those the table does not know now)."""
    first = start.astimezone(BEIJING).date() + timedelta(days=1)
    last = (end.astimezone(BEIJING) - timedelta(microseconds=1)).date()
    return _years_between(min(first, last), last, current_calendar())


def stored_deadline_parts(start: datetime, end: datetime, days: int | None = None) -> tuple[str, str]:
    """(basis, warning) for a deadline ``end`` stored when it was counted from ``start``.

    With ``days`` the count is done again with today's calendar: if that gives the stored deadline, the basis
    is exact; if not, the calendar changed since (e.g. the year was entered after the deadline was fixed),
    and the warning says what today's calendar would give instead of claiming a basis that was not used.
    Without ``days`` it describes the years the period ran through as the table stands now."""
    if days is None:
        return basis_parts(*stored_deadline_years(start, end))
    now = count_working_days(start, days)
    if now.at != end:
        return "", gettext(
            "This deadline was fixed with the calendar as it was then; by today's calendar it would end at "
            "24:00 on %(day)s.") % {"day": now.last_day.isoformat()}
    return basis_parts(now.years, now.unknown_years)


def deadline_basis(start: datetime, end: datetime, days: int | None = None) -> str:
    """Which calendar a stored deadline ``end`` (24:00 of its last day) counted from ``start`` used, for a
    person: "按2026年节假日安排计算。", or a warning for a year the table does not know (see
    ``stored_deadline_parts`` for ``days``)."""
    return " ".join(part for part in stored_deadline_parts(start, end, days) if part)


def is_working_day(day: date) -> bool:
    return current_calendar().is_working_day(day)


def add_working_days(day: date, count: int) -> date:
    """The ``count``-th working day after ``day`` (``day`` itself not counted)."""
    return current_calendar().add_working_days(day, count)
