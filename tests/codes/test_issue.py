"""Issuing codes: a platform lot code or a GS1 lot, with its commissioning event, in scope only."""

import re
from urllib.parse import quote

import pytest

from foodtrace.audit.models import AuditEntry
from foodtrace.codes.models import TraceCode
from foodtrace.trace.models import CaptureJob, Event
from tests.codes.conftest import issue, post
from tests.conftest import make_business, make_user

CODE = re.compile(r"T[0-9A-Z]{15}")


def events_of(client, headers, uri: str, parameter="MATCH_epcClass") -> list[dict]:
    response = client.get(f"/epcis/events?{parameter}={quote(uri, safe='')}", **headers)
    assert response.status_code == 200, response.content
    return response.json()["epcisBody"]["queryResults"]["resultsBody"]["eventList"]


@pytest.mark.django_db
def test_platform_code_is_issued_with_its_commissioning_event(client, market, vegetables):
    body = issue(client, market, product_id=vegetables.pk, quantity=50, production_date="2026-11-20")
    code = body["code"]
    assert CODE.fullmatch(code)
    assert body["key"] == f"plot:{code}" and body["kind"] == "lot" and body["uom"] == "KGM"
    assert body["uri"] == f"urn:foodtrace:lot:{code}"
    assert body["url"] == f"http://testserver/t/{code}"
    assert body["business_id"] == market.business.pk and body["product_name"] == "上海青"
    [event] = events_of(client, market.headers, f"urn:foodtrace:lot:{code}")
    assert event["type"] == "ObjectEvent" and event["action"] == "ADD" and event["bizStep"] == "commissioning"
    assert event["quantityList"] == [{"epcClass": f"urn:foodtrace:lot:{code}", "quantity": 50, "uom": "KGM"}]
    assert event["bizLocation"]["id"] == f"urn:foodtrace:loc:{market.location.code}"
    assert event["ilmd"] == {"cbvmda:productionDate": "2026-11-20"}
    assert str(CaptureJob.objects.get().id) == body["capture_job"]
    # The write is in the audit trail, attributed to the market's API client.
    entry = AuditEntry.objects.get(object_type="codes.tracecode")
    assert entry.action == "create" and entry.actor_type == "api_client" and entry.source == "api"
    assert TraceCode.objects.get().api_client.business == market.business


@pytest.mark.django_db
def test_codes_are_random_and_never_repeat(client, market):
    codes = {issue(client, market, quantity=1)["code"] for _ in range(5)}
    assert len(codes) == 5 and all(CODE.fullmatch(c) for c in codes)


@pytest.mark.django_db
def test_gs1_lot_is_registered_with_a_13_digit_gtin_and_shelf_life(client, producer, sausage):
    gtin13 = sausage.gtin.lstrip("0")
    assert len(gtin13) == 13
    body = issue(client, producer, gtin=gtin13, lot="L20261120", quantity=200, uom="kgm",
                 production_date="2026-11-20")
    assert body["code"] == "" and body["key"] == f"lgtin:{sausage.gtin}:L20261120"
    assert body["display"] == f"(01){sausage.gtin}(10)L20261120"
    assert body["expiry_date"] == "2027-02-18"  # production date + 90 days of shelf life
    assert body["url"] == f"http://testserver/01/{sausage.gtin}/10/L20261120"
    [event] = events_of(client, producer.headers, body["uri"])
    assert event["ilmd"] == {"cbvmda:productionDate": "2026-11-20", "cbvmda:itemExpirationDate": "2027-02-18"}
    again = post(client, "/api/v1/codes", {"gtin": sausage.gtin, "lot": "L20261120"}, producer.headers)
    assert again.status_code == 422
    assert again.json()["detail"] == [{"field": "lot", "message": "该GS1批次或单件已经登记。"}]


@pytest.mark.django_db
def test_gs1_unit_is_commissioned_by_its_epc(client, producer, sausage):
    body = issue(client, producer, gtin=sausage.gtin, serial="SN0001")
    assert body["kind"] == "unit" and body["key"] == f"sgtin:{sausage.gtin}:SN0001"
    [event] = events_of(client, producer.headers, body["uri"], "MATCH_epc")
    assert event["epcList"] == [body["uri"]]


@pytest.mark.django_db
def test_gtin_of_another_business_is_refused(client, market, sausage):
    response = post(client, "/api/v1/codes", {"gtin": sausage.gtin, "lot": "X1"}, market.headers)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "gtin"
    assert not TraceCode.objects.exists() and not Event.objects.exists()


@pytest.mark.django_db
def test_platform_code_for_a_gtin_product_is_refused(client, producer, sausage):
    response = post(client, "/api/v1/codes", {"product_id": sausage.pk, "quantity": 3}, producer.headers)
    assert response.status_code == 422 and f"/01/{sausage.gtin}/10/" in response.content.decode()


@pytest.mark.django_db
def test_business_without_a_location_cannot_issue(client):
    from tests.conftest import make_api_client

    business = make_business("430102", "farmers_market")
    _, key = make_api_client(business=business)
    response = post(client, "/api/v1/codes", {"quantity": 5}, {"HTTP_X_API_KEY": key})
    assert response.status_code == 422 and "尚未登记场所" in response.json()["detail"][0]["message"]
    assert not TraceCode.objects.exists() and not CaptureJob.objects.exists()


@pytest.mark.django_db
def test_bad_unit_and_dates_are_refused_with_the_field(client, market):
    bad_unit = post(client, "/api/v1/codes", {"quantity": 5, "uom": "kilo"}, market.headers)
    assert bad_unit.status_code == 422 and bad_unit.json()["detail"][0]["field"] == "uom"
    bad_dates = post(client, "/api/v1/codes", {"quantity": 5, "production_date": "2026-11-20",
                                                "expiry_date": "2026-11-01"}, market.headers)
    assert bad_dates.status_code == 422 and bad_dates.json()["detail"][0]["field"] == "expiry_date"
    assert not TraceCode.objects.exists()


@pytest.mark.django_db
def test_regulator_issues_for_a_business_in_its_district_only(client, otp_verified, market, rival):
    otp_verified(make_user("district_regulator", region="430102"))
    own = post(client, "/api/v1/codes", {"business_id": market.business.pk, "quantity": 8}, {})
    assert own.status_code == 201, own.content
    assert TraceCode.objects.get().created_by.role == "district_regulator"
    other = post(client, "/api/v1/codes", {"business_id": rival.business.pk, "quantity": 8}, {})
    assert other.status_code == 422 and other.json()["detail"][0]["field"] == "business_id"
    unnamed = post(client, "/api/v1/codes", {"quantity": 8}, {})
    assert unnamed.status_code == 422
    assert TraceCode.objects.count() == 1


@pytest.mark.django_db
def test_business_of_another_district_cannot_issue_for_or_see_others_codes(client, market, rival):
    body = issue(client, market, quantity=10)
    response = post(client, "/api/v1/codes", {"business_id": market.business.pk, "quantity": 1}, rival.headers)
    assert response.status_code == 422
    assert client.get(f"/api/v1/codes/{body['code']}", **rival.headers).status_code == 404
    assert client.get("/api/v1/codes", **rival.headers).json()["count"] == 0
    split = post(client, f"/api/v1/codes/{body['code']}/split", {"parts": [{"quantity": 1}]}, rival.headers)
    assert split.status_code == 404
    assert client.get(f"/api/v1/codes/{body['code']}", **market.headers).json()["code"] == body["code"]
    assert TraceCode.objects.count() == 1


@pytest.mark.django_db
def test_inspector_reads_but_may_not_issue(client, otp_verified, market):
    body = issue(client, market, quantity=10)
    otp_verified(make_user("inspector", region="430102"))
    assert client.get(f"/api/v1/codes/{body['code']}").status_code == 200
    refused = post(client, "/api/v1/codes", {"business_id": market.business.pk, "quantity": 1}, {})
    assert refused.status_code == 403


@pytest.mark.django_db
def test_malformed_code_in_the_api_is_400(client, market):
    response = client.get("/api/v1/codes/T123", **market.headers)
    assert response.status_code == 400 and "T" in response.json()["detail"]


@pytest.mark.django_db
def test_lot_of_a_gtin_product_named_by_product_id(client, producer, sausage):
    body = issue(client, producer, product_id=sausage.pk, lot="P1", quantity=4)
    assert body["key"] == f"lgtin:{sausage.gtin}:P1"


@pytest.mark.django_db
def test_list_shows_what_remains_of_each_lot(client, market):
    lot = issue(client, market, quantity=10)
    post(client, f"/api/v1/codes/{lot['code']}/split", {"parts": [{"quantity": 4}, {"quantity": 1}]},
         market.headers)
    listed = client.get("/api/v1/codes", **market.headers).json()
    assert listed["count"] == 3
    remaining = {item["code"]: item["remaining"] for item in listed["items"]}
    assert remaining[lot["code"]] == 5
    children = client.get(f"/api/v1/codes?parent={lot['code']}", **market.headers).json()["items"]
    assert sorted(item["quantity"] for item in children) == [1, 4]
