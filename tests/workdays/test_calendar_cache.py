"""Thousands of deadlines cost no query once the calendar is loaded; a change is seen at once in this process
and, from another process, within RECHECK_SECONDS."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from foodtrace.workdays import clock
from foodtrace.workdays.models import CalendarDay, CalendarYear

BEIJING = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _forget_after(db):
    """These tests make the process trust a snapshot of rows the test's rollback removes: forget it."""
    yield
    clock.forget_calendar()


def settle_calendar(capture):
    """A committed write: the process drops its snapshot and trusts the next one again."""
    with capture(execute=True):
        CalendarYear.objects.create(year=2099)


def test_thousands_of_deadlines_cost_no_query(django_capture_on_commit_callbacks, django_assert_num_queries):
    settle_calendar(django_capture_on_commit_callbacks)
    clock.current_calendar()
    starts = [datetime(2025, 1, 1, 9, 0, tzinfo=BEIJING) + timedelta(hours=7 * n) for n in range(3000)]
    with django_assert_num_queries(0):
        ends = [clock.working_deadline(start, 20) for start in starts]
    # Spot check against a plain day-by-day count with the same calendar.
    calendar = clock.current_calendar()
    for start, end in list(zip(starts, ends, strict=True))[::250]:
        day, left = start.date(), 20
        while left:
            day += timedelta(days=1)
            left -= calendar.is_working_day(day)
        assert end == datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=BEIJING)


def test_a_change_by_another_process_is_seen_after_the_recheck_interval(
        django_capture_on_commit_callbacks, monkeypatch):
    settle_calendar(django_capture_on_commit_callbacks)
    start = datetime(2026, 9, 30, 10, 0, tzinfo=BEIJING)
    assert clock.count_working_days(start, 1).last_day == date(2026, 10, 8)
    # Another process's back-office save: the row changes, this process gets no signal.
    CalendarDay.objects.filter(day=date(2026, 10, 7)).update(kind="makeup", updated_at=timezone.now())
    assert clock.count_working_days(start, 1).last_day == date(2026, 10, 8)  # still the snapshot
    monkeypatch.setattr(clock, "RECHECK_SECONDS", 0.0)
    assert clock.count_working_days(start, 1).last_day == date(2026, 10, 7)
