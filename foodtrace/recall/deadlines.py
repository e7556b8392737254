"""Recall deadlines (《食品召回管理办法》, chapter on recalls): start within 24/48/72 hours and finish within 10/20/30
working days for a level 1/2/3 recall, counted from the moment the recall is started on the platform.

Working days skip Saturdays, Sundays and the dates in ``settings.FOODTRACE_HOLIDAYS`` (ISO dates, from the
environment variable of the same name; empty by default, so public holidays are NOT skipped unless the
operator lists them). Make-up working days on weekends (调休) are not modelled. The day a recall starts is
not counted (期间开始的当日不计入, Civil Code art. 201); the deadline is the end (24:00 local time) of
the last working day.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

START_HOURS = {1: 24, 2: 48, 3: 72}
FINISH_WORKING_DAYS = {1: 10, 2: 20, 3: 30}


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


def deadlines(level: int, started: datetime) -> tuple[datetime, datetime]:
    """(must start by, must finish by) for a recall of ``level`` started at ``started`` (aware)."""
    if level not in START_HOURS:
        raise ValueError(f"recall level must be 1, 2 or 3, not {level!r}")
    start_by = started + timedelta(hours=START_HOURS[level])
    last_day = add_working_days(timezone.localdate(started), FINISH_WORKING_DAYS[level])
    # 24:00 of the last working day in the platform's time zone (TIME_ZONE, Asia/Shanghai).
    finish_by = timezone.make_aware(datetime.combine(last_day + timedelta(days=1), time.min))
    return start_by, finish_by
