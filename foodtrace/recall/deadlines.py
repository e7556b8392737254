"""Recall deadlines (《食品召回管理办法》, chapter on recalls): start within 24/48/72 hours and finish within 10/20/30
working days for a level 1/2/3 recall, counted from the moment the recall is started on the platform.

Working days skip Saturdays, Sundays and the dates in ``settings.FOODTRACE_HOLIDAYS`` (ISO dates, from the
environment variable of the same name; empty by default, so public holidays are NOT skipped unless the
operator lists them). Make-up working days on weekends (调休) are not modelled. The day a recall starts is
not counted (期间开始的当日不计入, Civil Code art. 201); the deadline is the end (24:00 local time) of
the last working day.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from foodtrace.workdays.clock import add_working_days, holidays, is_working_day, working_deadline

__all__ = ["FINISH_WORKING_DAYS", "START_HOURS", "add_working_days", "deadlines", "holidays", "is_working_day"]

START_HOURS = {1: 24, 2: 48, 3: 72}
FINISH_WORKING_DAYS = {1: 10, 2: 20, 3: 30}


def deadlines(level: int, started: datetime) -> tuple[datetime, datetime]:
    """(must start by, must finish by) for a recall of ``level`` started at ``started`` (aware)."""
    if level not in START_HOURS:
        raise ValueError(f"recall level must be 1, 2 or 3, not {level!r}")
    start_by = started + timedelta(hours=START_HOURS[level])
    # 24:00 of the last working day in the platform's time zone (TIME_ZONE, Asia/Shanghai).
    return start_by, working_deadline(started, FINISH_WORKING_DAYS[level])
