"""Working days and deadlines.

The day of the event is not counted (期间开始的当日不计入, Civil Code art. 201); a deadline is the end (24:00
local time, Asia/Shanghai) of its last working day.

For now a working day is a weekday not listed in ``settings.FOODTRACE_HOLIDAYS``; the calendar table of
holidays and make-up working days (调休) replaces that list.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone


def holidays() -> frozenset[date]:
    values = getattr(settings, "FOODTRACE_HOLIDAYS", None) or ()
    try:
        return frozenset(value if isinstance(value, date) else date.fromisoformat(str(value).strip())
                         for value in values)
    except ValueError as exc:
        raise ImproperlyConfigured(f"FOODTRACE_HOLIDAYS must be ISO dates (YYYY-MM-DD, comma-separated): {exc}"
                                   ) from exc


def is_working_day(day: date, off: frozenset[date] = frozenset()) -> bool:
    return day.weekday() < 5 and day not in off


def add_working_days(day: date, count: int, off: frozenset[date] | None = None) -> date:
    """The ``count``-th working day after ``day`` (``day`` itself not counted)."""
    off = holidays() if off is None else off
    current, left = day, count
    while left > 0:
        current += timedelta(days=1)
        if is_working_day(current, off):
            left -= 1
    return current


def working_deadline(start: datetime, days: int) -> datetime:
    """24:00 local time of the ``days``-th working day after the local date of ``start`` (aware)."""
    last_day = add_working_days(timezone.localdate(start), days)
    return timezone.make_aware(datetime.combine(last_day + timedelta(days=1), time.min))
