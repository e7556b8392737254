"""Recall deadlines (《食品召回管理办法》, chapter on recalls): start within 24/48/72 hours and finish within 10/20/30
working days for a level 1/2/3 recall, counted from the moment the recall is started on the platform.

Working days come from the working-day calendar (``foodtrace.workdays``: weekends, public holidays and
make-up working days 调休 per the State Council's yearly notice; docs/calendar.md). The day a recall starts
is not counted (期间开始的当日不计入, Civil Code art. 201); the deadline is the end (24:00 Beijing time) of
the last working day.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from foodtrace.workdays.clock import add_working_days, is_working_day, working_deadline

__all__ = ["FINISH_WORKING_DAYS", "START_HOURS", "add_working_days", "deadlines", "is_working_day"]

START_HOURS = {1: 24, 2: 48, 3: 72}
FINISH_WORKING_DAYS = {1: 10, 2: 20, 3: 30}


def deadlines(level: int, started: datetime) -> tuple[datetime, datetime]:
    """(must start by, must finish by) for a recall of ``level`` started at ``started`` (aware)."""
    if level not in START_HOURS:
        raise ValueError(f"recall level must be 1, 2 or 3, not {level!r}")
    start_by = started + timedelta(hours=START_HOURS[level])
    # 24:00 Beijing time of the last working day.
    return start_by, working_deadline(started, FINISH_WORKING_DAYS[level])
