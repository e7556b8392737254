"""Reads of the working-day calendar (the calendar is not business data: no district scoping)."""

from __future__ import annotations

from datetime import date

from foodtrace.workdays.clock import BEIJING, current_calendar


def today_in_beijing() -> date:
    from django.utils import timezone

    return timezone.now().astimezone(BEIJING).date()


def missing_years(today: date | None = None) -> list[int]:
    """This year and next year if the calendar does not know them (their State Council notice is not
    entered): deadlines running into them skip only weekends. For the system administrator's workbench."""
    today = today or today_in_beijing()
    known = current_calendar().known_years
    return [year for year in (today.year, today.year + 1) if year not in known]


def known_years() -> list[int]:
    return sorted(current_calendar().known_years)
