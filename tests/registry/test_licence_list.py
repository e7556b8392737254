"""The licence list filters by the status a licence has today — expiring and expired follow from valid_until even
while the stored status still says valid — shows it in Chinese, and keeps a district to its own licences; the
back office's licence list has the same filter."""

from datetime import date, timedelta

import pytest

from foodtrace.registry.models import LicenceStatus
from tests.conftest import make_business, make_licence, make_user


@pytest.fixture
def licences(db):
    today = date.today()
    shop, plant, stall = (make_business("430102", "supermarket"), make_business("430102", "producer"),
                          make_business("430102", "farmers_market"))
    other = make_business("430104", "supermarket")
    return {
        "valid": make_licence(shop, valid_until=today + timedelta(days=400)),
        "expiring": make_licence(plant, valid_until=today + timedelta(days=10)),
        "expired": make_licence(stall, valid_until=today - timedelta(days=1)),
        "suspended": make_licence(make_business("430102"), status=LicenceStatus.SUSPENDED),
        "elsewhere_expired": make_licence(other, valid_until=today - timedelta(days=3)),
    }


def rows(html: str) -> dict[str, str]:
    import re

    return dict(re.findall(r'<tr data-licence="([^"]+)">.*?data-status="([^"]+)"', html, re.S))


@pytest.mark.django_db
def test_filter_by_effective_status_in_chinese(client, otp_verified, licences):
    otp_verified(make_user("district_regulator", region="430102"))
    expired = client.get("/registry/licences/", {"status": "expired"}).content.decode()
    assert rows(expired) == {licences["expired"].number: "expired"}
    assert "已过期" in expired
    expiring = client.get("/registry/licences/", {"status": "expiring"}).content.decode()
    assert rows(expiring) == {licences["expiring"].number: "expiring"} and "即将到期" in expiring
    valid = client.get("/registry/licences/", {"status": "valid"}).content.decode()
    assert rows(valid) == {licences["valid"].number: "valid"}
    everything = client.get("/registry/licences/").content.decode()
    # The district's four licences, not the other district's; counts per status on the filter links.
    assert set(rows(everything)) == {licences[k].number for k in ("valid", "expiring", "expired", "suspended")}
    assert "暂停" in everything and "已过期 (1)" in everything and "即将到期 (1)" in everything
    # The stored status of the expired one still says valid: the filter goes by the date.
    licences["expired"].refresh_from_db()
    assert licences["expired"].status == LicenceStatus.VALID


@pytest.mark.django_db
def test_an_unknown_status_lists_everything_and_a_role_without_licences_is_refused(client, otp_verified, licences):
    otp_verified(make_user("district_regulator", region="430102"))
    assert len(rows(client.get("/registry/licences/", {"status": "bogus"}).content.decode())) == 4
    client.logout()
    from tests.conftest import log_in

    log_in(client, make_user("lab_user"))
    refused = client.get("/registry/licences/")
    assert refused.status_code == 403 and "无权访问此页面" in refused.content.decode()


@pytest.mark.django_db
def test_back_office_licence_list_filters_by_effective_status(client, otp_verified, licences):
    otp_verified(make_user("city_admin", region="430100"))
    html = client.get("/admin/registry/licence/", {"status": "expired"}).content.decode()
    assert licences["expired"].number in html and licences["elsewhere_expired"].number in html
    assert licences["valid"].number not in html and licences["expiring"].number not in html
    assert "已过期" in html  # the effective status column in Chinese, not "expired"
    expiring = client.get("/admin/registry/licence/", {"status": "expiring"}).content.decode()
    assert licences["expiring"].number in expiring and licences["expired"].number not in expiring
    assert "即将到期" in expiring
