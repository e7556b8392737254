"""The calendar seeded from chinesecalendar: holidays off, make-up Saturdays and Sundays worked, the day of
the event not counted (Civil Code art. 201), the deadline at 24:00 Beijing time."""

from datetime import UTC, date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest

from foodtrace.workdays.clock import count_working_days, current_calendar, working_deadline
from foodtrace.workdays.models import CalendarDay, CalendarYear

BEIJING = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def test_every_year_the_package_knows_is_seeded():
    years = dict(CalendarYear.objects.values_list("year", "source"))
    assert set(range(2004, 2027)) <= set(years)
    assert {years[y] for y in range(2004, 2027)} == {"seeded"}
    assert CalendarDay.objects.get(day=date(2026, 10, 1)).name == "国庆节"
    assert CalendarDay.objects.get(day=date(2026, 2, 14)).get_kind_display() == "调休上班"


def test_the_seeded_calendar_agrees_with_the_package_on_every_day_from_2020_to_2026():
    calendar = current_calendar()
    day, disagreements = date(2020, 1, 1), []
    while day.year <= 2026:
        if calendar.is_working_day(day) != chinese_calendar.is_workday(day):
            disagreements.append(day)
        day += timedelta(days=1)
    assert disagreements == []


def test_spring_festival_2026_skips_the_holiday_and_counts_the_make_up_saturday():
    # Thursday 12 February 2026: Fri 13 (1), Sat 14 worked (调休, 2), 15–23 February off (春节),
    # Tue 24 (3), Wed 25 (4), Thu 26 (5) → 24:00 on Thursday 26 February.
    result = count_working_days(datetime(2026, 2, 12, 10, 0, tzinfo=BEIJING), 5)
    assert result.last_day == date(2026, 2, 26)
    assert result.at == datetime(2026, 2, 27, 0, 0, tzinfo=BEIJING)
    assert result.unknown_years == () and result.years == (2026,)
    assert result.basis == "按2026年节假日安排计算。"


def test_national_day_2026_with_its_make_up_saturday():
    # Monday 28 September: 29, 30 Sep; 1–7 Oct off; 8, 9 Oct; Saturday 10 Oct worked; 12–16 Oct.
    assert working_deadline(datetime(2026, 9, 28, 15, 0, tzinfo=BEIJING), 10) == datetime(
        2026, 10, 17, 0, 0, tzinfo=BEIJING)
    # The make-up Sunday before it (20 September) is a working day too.
    assert working_deadline(datetime(2026, 9, 19, 9, 0, tzinfo=BEIJING), 1) == datetime(
        2026, 9, 21, 0, 0, tzinfo=BEIJING)


def test_the_day_of_the_event_is_its_beijing_date():
    # 17:30 UTC on Sunday 27 September is 01:30 on Monday 28 September in Beijing: Monday is the day of the
    # event, not counted; the first working day is Tuesday 29 September, ending at 24:00 Beijing time.
    start = datetime(2026, 9, 27, 17, 30, tzinfo=UTC)
    end = working_deadline(start, 1)
    assert end == datetime(2026, 9, 30, 0, 0, tzinfo=BEIJING)
    assert end.utcoffset() == timedelta(hours=8)


def test_a_count_across_a_year_end_between_known_years_names_both():
    # Wednesday 31 December 2025 → Thursday 1 and Friday 2 January 2026 are off (元旦), Saturday 3 off,
    # Sunday 4 January worked (调休): the first working day is Sunday 4 January.
    result = count_working_days(datetime(2025, 12, 31, 10, 0, tzinfo=BEIJING), 1)
    assert result.last_day == date(2026, 1, 4)
    assert result.years == (2026,)
    result = count_working_days(datetime(2025, 12, 29, 10, 0, tzinfo=BEIJING), 3)
    assert result.last_day == date(2026, 1, 4) and result.years == (2025, 2026)
    assert result.basis == "按2025年、2026年节假日安排计算。"


def test_the_seed_command_adds_missing_years_only_and_is_audited():
    from django.core.management import call_command

    from foodtrace.audit.models import AuditEntry

    CalendarYear.objects.filter(year=2025).delete()
    corrected = CalendarYear.objects.get(year=2026)
    CalendarDay.objects.filter(day=date(2026, 10, 7)).delete()  # a hand correction of a seeded year
    corrected.source = "manual"
    corrected.save()
    out = StringIO()
    call_command("workdays_seed", stdout=out)
    assert out.getvalue().strip() == "Added 2025."
    assert CalendarYear.objects.get(year=2025).source == "seeded"
    assert CalendarDay.objects.filter(day__year=2025).count() == len(
        [d for d in chinese_calendar.constants.holidays if d.year == 2025]
        + [d for d in chinese_calendar.constants.workdays if d.year == 2025])
    assert not CalendarDay.objects.filter(day=date(2026, 10, 7)).exists()  # the hand correction stays
    entry = AuditEntry.objects.filter(object_type="workdays.calendarday", action="create").latest("chain_index")
    assert entry.changes["years"] == [2025]
