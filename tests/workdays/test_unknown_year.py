"""A year the calendar does not know (2027 with chinesecalendar 1.11): weekdays only, and never silently."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from foodtrace.workdays.apps import check_calendar_years
from foodtrace.workdays.clock import count_working_days, deadline_basis
from foodtrace.workdays.models import CalendarDay, CalendarYear
from foodtrace.workdays.selectors import missing_years

BEIJING = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def test_a_count_into_an_unknown_year_skips_only_weekends_and_says_so():
    # Thursday 31 December 2026 + 1: Friday 1 January 2027 counts as a working day (its New Year's Day is
    # not in the calendar); + 3: Fri 1, Mon 4, Tue 5.
    result = count_working_days(datetime(2026, 12, 31, 10, 0, tzinfo=BEIJING), 1)
    assert result.at == datetime(2027, 1, 2, tzinfo=BEIJING)
    assert result.years == (2027,) and result.unknown_years == (2027,)
    assert result.basis == "注意：工作日历中尚无2027年的节假日安排，相应年份仅扣除了星期六和星期日，期限可能偏早。"
    result = count_working_days(datetime(2026, 12, 28, 10, 0, tzinfo=BEIJING), 5)
    assert result.last_day == date(2027, 1, 4)
    assert result.basis.startswith("按2026年节假日安排计算。 注意：工作日历中尚无2027年")
    # A stored deadline is described the same way.
    assert deadline_basis(datetime(2026, 12, 28, 10, 0, tzinfo=BEIJING), result.at) == result.basis


def test_missing_years_are_this_year_and_next_until_entered():
    assert missing_years(date(2026, 12, 3)) == [2027]
    assert missing_years(date(2026, 3, 1)) == [2027]
    assert missing_years(date(2025, 6, 1)) == []
    assert missing_years(date(2027, 1, 5)) == [2027, 2028]
    CalendarYear.objects.create(year=2027, note="国办发明电〔2026〕测试号")
    assert missing_years(date(2026, 12, 3)) == []
    assert missing_years(date(2027, 1, 5)) == [2028]


def test_the_deployment_check_warns_about_a_missing_year():
    warnings = check_calendar_years(databases=["default"])
    today = date.today()
    expected = [y for y in (today.year, today.year + 1) if y > 2026]  # the seed ends with 2026
    assert expected and [w.id for w in warnings] == ["foodtrace.workdays.W001"]
    assert all(str(y) in warnings[0].msg for y in expected)
    for year in (today.year, today.year + 1):
        CalendarYear.objects.get_or_create(year=year)
    assert check_calendar_years(databases=["default"]) == []


def test_entering_the_year_turns_the_warning_into_the_official_count():
    year = CalendarYear.objects.create(year=2027)
    CalendarDay.objects.create(year=year, day=date(2027, 1, 1), kind="holiday", name="元旦")
    result = count_working_days(datetime(2026, 12, 31, 10, 0, tzinfo=BEIJING), 1)
    assert result.last_day == date(2027, 1, 4)  # Friday 1 January off, Monday 4 January
    assert result.unknown_years == ()
    assert result.basis == "按2027年节假日安排计算。"
