"""The workbench obeys the one scoping rule: a district regulator's counts are their district's only; the city
administrator gets one row per district whose counts add up to the city's and whose links filter the lists."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from foodtrace import workbench
from foodtrace.regions.models import Region
from tests.conftest import make_business, make_licence, make_user
from tests.workbench.conftest import make_party, make_recall, make_report, make_upload

BREAKDOWN_KEYS = ("registry.licences_expired", "participation.unassigned", "recall.overdue_parties",
                  "ledgers.refused_in_area")


@pytest.fixture
def two_districts_with_work(db):
    """芙蓉区 (430102) has twice the work of 岳麓区 (430104), so a mixed-up count shows."""
    rows = {"430102": {}, "430104": {}}
    late = make_recall("430102", started=timezone.now() - timedelta(days=5))
    for code, n in (("430102", 2), ("430104", 1)):
        shops = [make_business(code, name=f"{code}商户{i}") for i in range(n)]
        rows[code]["licences"] = [make_licence(s, valid_until=date.today() - timedelta(days=2)) for s in shops]
        rows[code]["reports"] = [make_report(code) for _ in range(n)]
        rows[code]["parties"] = [make_party(late, s) for s in shops]
        rows[code]["uploads"] = [make_upload(s) for s in shops]
        rows[code]["shops"] = shops
    rows["late"] = late
    return rows


def test_a_district_regulator_never_sees_another_districts_counts(two_districts_with_work):
    for code, expected in (("430102", 2), ("430104", 1)):
        board = workbench.collect(make_user("district_regulator", region=code))
        for key in BREAKDOWN_KEYS:
            item = board.item(key)
            assert item.count == expected, (code, key)
            assert item.by_district == ()  # no breakdown below the city
        assert board.breakdown_rows == []


def test_the_city_breakdown_sums_to_the_city_and_has_one_row_per_district(two_districts_with_work, client):
    board = workbench.collect(make_user("city_admin", region="430100"))
    assert {i.key for i in board.breakdown_items} >= set(BREAKDOWN_KEYS)
    for item in board.breakdown_items:
        assert sum(c.count for c in item.by_district) == item.count, item.key
    for key in BREAKDOWN_KEYS:
        shares = {c.district: c.count for c in board.item(key).by_district}
        assert shares == {"430102": 2, "430104": 1}, key
    districts = Region.objects.filter(city_id="430100", level="district").count()
    assert len(board.breakdown_rows) == districts


def test_each_district_count_links_to_the_list_filtered_to_that_district(two_districts_with_work, otp_verified):
    data = two_districts_with_work
    city_admin = make_user("city_admin", region="430100")
    board = workbench.collect(city_admin)
    browser = otp_verified(city_admin)
    page = browser.get("/").content.decode()
    assert 'data-testid="district-breakdown"' in page and 'data-district="430104"' in page

    def yuelu_page(key: str) -> str:
        cell = next(c for c in board.item(key).by_district if c.district == "430104")
        assert f'href="{cell.url.replace("&", "&amp;")}"' in page, key  # the number on the page is that link
        response = browser.get(cell.url)
        assert response.status_code == 200, (key, cell.url)
        return response.content.decode()

    listed = yuelu_page("registry.licences_expired")
    assert data["430104"]["licences"][0].number in listed
    assert all(lic.number not in listed for lic in data["430102"]["licences"])
    listed = yuelu_page("participation.unassigned")
    assert data["430104"]["reports"][0].tracking in listed
    assert all(r.tracking not in listed for r in data["430102"]["reports"])
    assert data["late"].number in yuelu_page("recall.overdue_parties")
    listed = yuelu_page("ledgers.refused_in_area")
    assert "430104商户0" in listed and "430102商户0" not in listed
