"""The system administrator enters a year's State Council notice in the back office; the next deadline uses
it at once and the audit trail says who did it. Nobody else may."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from foodtrace import workbench
from foodtrace.audit.models import AuditEntry
from foodtrace.workdays.clock import count_working_days
from foodtrace.workdays.models import CalendarDay, CalendarYear
from foodtrace.workdays.selectors import missing_years
from tests.conftest import make_user

BEIJING = ZoneInfo("Asia/Shanghai")
NEW_YEAR_EVE = datetime(2026, 12, 31, 10, 0, tzinfo=BEIJING)
pytestmark = pytest.mark.django_db


def year_form(year: int, note: str, days: list[tuple[str, str, str]]) -> dict:
    data = {"year": str(year), "note": note, "days-TOTAL_FORMS": str(len(days)), "days-INITIAL_FORMS": "0",
            "days-MIN_NUM_FORMS": "0", "days-MAX_NUM_FORMS": "1000", "_save": "1"}
    for n, (day, kind, name) in enumerate(days):
        data |= {f"days-{n}-day": day, f"days-{n}-kind": kind, f"days-{n}-name": name}
    return data


def test_system_admin_enters_a_new_year_and_the_next_deadline_uses_it(client, otp_verified):
    admin = make_user("system_admin")
    otp_verified(admin)
    assert count_working_days(NEW_YEAR_EVE, 1).last_day == date(2027, 1, 1)  # weekdays only so far
    # Until then the system administrator's workbench warns of the missing year and links to its entry.
    gap = workbench.collect(admin, now=NEW_YEAR_EVE).item("workdays.missing_years")
    assert gap.count == 1 and "2027" in gap.title and gap.url == "/admin/workdays/calendaryear/add/"
    page = client.get("/").content.decode()
    assert "2027" in page and "/admin/workdays/calendaryear/add/" in page
    assert client.get("/admin/workdays/calendaryear/add/").status_code == 200
    response = client.post("/admin/workdays/calendaryear/add/", year_form(
        2027, "国务院办公厅关于2027年部分节假日安排的通知（测试）",
        [("2027-01-01", "holiday", "元旦"), ("2027-01-02", "holiday", "元旦"), ("2027-01-03", "holiday", "元旦"),
         ("2027-01-04", "holiday", "元旦"), ("2027-01-09", "makeup", "元旦")]))
    assert response.status_code == 302, response.content.decode()[:2000]
    year = CalendarYear.objects.get(year=2027)
    assert year.source == "manual" and year.days.count() == 5
    listing = client.get(f"/admin/workdays/calendarday/?kind__exact=makeup&year__id__exact={year.pk}")
    assert listing.status_code == 200
    assert listing.content.decode().count("调休上班") >= 2  # the filter and the one row
    years = client.get("/admin/workdays/calendaryear/").content.decode()
    assert "国务院办公厅关于2027年部分节假日安排的通知（测试）" in years and "人工录入" in years
    # 1–4 January off; Tuesday 5 January is the first working day, ending at 24:00 Beijing time.
    result = count_working_days(NEW_YEAR_EVE, 1)
    assert result.at == datetime(2027, 1, 6, tzinfo=BEIJING) and result.unknown_years == ()
    # Saturday 9 January is worked: 5 working days after Sunday 3 January are 5–9 January.
    assert count_working_days(datetime(2027, 1, 3, 9, 0, tzinfo=BEIJING), 5).last_day == date(2027, 1, 9)
    assert missing_years(date(2026, 12, 3)) == []
    assert workbench.collect(admin, now=NEW_YEAR_EVE).item("workdays.missing_years") is None
    entries = AuditEntry.objects.filter(object_type__startswith="workdays.", actor_id=str(admin.pk))
    assert {(e.object_type, e.action) for e in entries} == {("workdays.calendaryear", "create"),
                                                          ("workdays.calendarday", "create")}
    year_entry = entries.get(object_type="workdays.calendaryear")
    assert year_entry.source == "admin" and year_entry.actor_role == "system_admin"
    assert year_entry.changes["year"] == [None, 2027]
    assert entries.filter(object_type="workdays.calendarday").count() == 5


def test_a_correction_of_a_seeded_day_moves_the_deadline_and_is_audited(client, otp_verified):
    admin = make_user("system_admin")
    otp_verified(admin)
    start = datetime(2026, 9, 30, 10, 0, tzinfo=BEIJING)  # National Day: 1–7 October off
    assert count_working_days(start, 1).last_day == date(2026, 10, 8)
    day = CalendarDay.objects.get(day=date(2026, 10, 7))
    response = client.post(f"/admin/workdays/calendarday/{day.pk}/change/", {
        "year": day.year_id, "day": "2026-10-07", "kind": "makeup", "name": "国庆节", "_save": "1"})
    assert response.status_code == 200  # 7 October 2026 is a Wednesday: not a make-up day
    assert "调休上班日必须是星期六或星期日" in response.content.decode()
    response = client.post(f"/admin/workdays/calendarday/{day.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert count_working_days(start, 1).last_day == date(2026, 10, 7)
    assert CalendarYear.objects.get(year=2026).source == "manual"
    entry = AuditEntry.objects.get(object_type="workdays.calendarday", action="delete", object_id=str(day.pk))
    assert entry.actor_id == str(admin.pk) and entry.changes["day"] == ["2026-10-07", None]


def test_a_bad_day_is_refused_and_nothing_is_saved(client, otp_verified):
    otp_verified(make_user("system_admin"))
    response = client.post("/admin/workdays/calendaryear/add/", year_form(
        2027, "", [("2027-01-01", "holiday", "元旦"), ("2028-01-01", "holiday", "元旦")]))
    assert response.status_code == 200
    assert "日期必须在2027年之内" in response.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(day__year__in=(2027, 2028)).exists()


def test_a_district_regulator_cannot_edit_the_calendar(client, otp_verified):
    otp_verified(make_user("district_regulator", region="430102"))
    day = CalendarDay.objects.get(day=date(2026, 10, 7))
    assert client.get("/admin/workdays/calendaryear/").status_code == 403
    assert client.get("/admin/workdays/calendaryear/add/").status_code == 403
    form = year_form(2027, "", [("2027-01-01", "holiday", "元旦")])
    response = client.post("/admin/workdays/calendaryear/add/", form)
    assert response.status_code == 403
    response = client.post(f"/admin/workdays/calendarday/{day.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert not CalendarYear.objects.filter(year=2027).exists() and CalendarDay.objects.filter(pk=day.pk).exists()
    assert not AuditEntry.objects.filter(object_type__startswith="workdays.").exists()


def test_the_system_admin_cannot_delete_a_year(client, otp_verified):
    otp_verified(make_user("system_admin"))
    year = CalendarYear.objects.get(year=2026)
    assert client.post(f"/admin/workdays/calendaryear/{year.pk}/delete/", {"post": "yes"}).status_code == 403
    assert CalendarYear.objects.filter(year=2026).exists()
