"""Splitting a lot into sold parts (流通追溯码): child codes, one repackaging event, trace edges, all or nothing."""

import pytest

from foodtrace.audit.models import AuditEntry
from foodtrace.codes.models import TraceCode
from foodtrace.identifiers import make_uscc
from foodtrace.trace.models import CaptureJob, Event, TraceEdge
from tests.codes.conftest import issue, post

RESTAURANT = make_uscc("430103", "MA4R00001")


def split(client, who, code: str, parts: list[dict]):
    return post(client, f"/api/v1/codes/{code}/split", {"parts": parts}, who.headers)


@pytest.mark.django_db
def test_split_issues_child_codes_and_records_split_into_edges(client, market, vegetables):
    lot = issue(client, market, product_id=vegetables.pk, quantity=100, production_date="2026-11-20")
    response = split(client, market, lot["code"], [{"quantity": 30}, {"quantity": 20.5, "uom": "KGM"}])
    assert response.status_code == 201, response.content.decode()
    body = response.json()
    parts = body["parts"]
    assert [p["quantity"] for p in parts] == [30, 20.5]
    assert all(p["parent"] == lot["code"] and p["product_name"] == "上海青" for p in parts)
    assert body["parent"]["remaining"] == 49.5
    children = TraceCode.objects.filter(parent__code=lot["code"])
    assert {c.code for c in children} == {p["code"] for p in parts}
    assert all(str(c.production_date) == "2026-11-20" for c in children)
    edges = set(TraceEdge.objects.filter(kind=TraceEdge.Kind.SPLIT_INTO).values_list("from_key", "to_key",
                                                                                       "quantity", "uom"))
    assert edges == {(lot["key"], p["key"], p["quantity"], "KGM") for p in parts}
    repack = Event.objects.get(biz_step="repackaging")
    assert repack.document["inputQuantityList"] == [
        {"epcClass": lot["uri"], "quantity": 50.5, "uom": "KGM"}]
    assert str(repack.capture_job_id) == body["capture_job"]
    detail = client.get(f"/api/v1/codes/{lot['code']}", **market.headers).json()
    assert sorted(detail["parts"]) == sorted(p["code"] for p in parts)


@pytest.mark.django_db
def test_part_sold_to_a_customer_is_shipped_to_it(client, market):
    lot = issue(client, market, quantity=10)
    body = split(client, market, lot["code"], [{"quantity": 4, "customer": RESTAURANT.lower()},
                                               {"quantity": 1}]).json()
    sold = body["parts"][0]
    shipping = Event.objects.get(biz_step="shipping")
    assert shipping.document["quantityList"] == [{"epcClass": sold["uri"], "quantity": 4, "uom": "KGM"}]
    assert shipping.document["destinationList"] == [
        {"type": "owning_party", "destination": f"urn:foodtrace:party:uscc:{RESTAURANT}"}]
    shipped = TraceEdge.objects.get(kind=TraceEdge.Kind.SHIPPED_TO)
    assert (shipped.from_key, shipped.to_key, shipped.via_key) == (
        f"uscc:{market.business.uscc}", f"uscc:{RESTAURANT}", sold["key"])
    # One capture document for the split: the repackaging and the shipping event together.
    assert CaptureJob.objects.get(id=body["capture_job"]).event_count == 2


@pytest.mark.django_db
def test_over_quantity_split_is_refused_and_nothing_is_stored(client, market):
    lot = issue(client, market, quantity=10)
    assert split(client, market, lot["code"], [{"quantity": 6}]).status_code == 201
    counts = (TraceCode.objects.count(), Event.objects.count(), CaptureJob.objects.count(),
              TraceEdge.objects.count(), AuditEntry.objects.count())
    response = split(client, market, lot["code"], [{"quantity": 3}, {"quantity": 1.5}])
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["field"] == "parts"
    assert "4.5" in detail["message"] and "4" in detail["message"] and lot["code"] in detail["message"]
    assert counts == (TraceCode.objects.count(), Event.objects.count(), CaptureJob.objects.count(),
                      TraceEdge.objects.count(), AuditEntry.objects.count())


@pytest.mark.django_db
def test_parts_in_another_unit_are_refused(client, market):
    lot = issue(client, market, quantity=10, uom="KGM")
    response = split(client, market, lot["code"], [{"quantity": 2, "uom": "LTR"}])
    assert response.status_code == 422 and "LTR" in response.json()["detail"][0]["message"]
    assert TraceCode.objects.count() == 1


@pytest.mark.django_db
def test_unreadable_customer_is_refused_naming_the_part(client, market):
    lot = issue(client, market, quantity=10)
    response = split(client, market, lot["code"], [{"quantity": 2}, {"quantity": 2, "customer": "91430103"}])
    assert response.status_code == 422 and "2" in response.json()["detail"][0]["message"]
    assert TraceCode.objects.count() == 1


@pytest.mark.django_db
def test_a_refused_event_rolls_back_the_codes(client, market, monkeypatch):
    """The capture service has the last word: if it refuses the events, no part code remains."""
    import foodtrace.trace.capture as capture_module

    lot = issue(client, market, quantity=10)
    counts = (TraceCode.objects.count(), Event.objects.count(), CaptureJob.objects.count(),
              AuditEntry.objects.count())
    monkeypatch.setattr(capture_module, "_scope_errors", lambda *args: [
        {"type": "ValidationException", "eventIndex": 0, "pointer": "", "detail": "refused for the test"}])
    response = split(client, market, lot["code"], [{"quantity": 2}])
    assert response.status_code == 422 and "refused for the test" in response.content.decode()
    assert counts == (TraceCode.objects.count(), Event.objects.count(), CaptureJob.objects.count(),
                      AuditEntry.objects.count())


@pytest.mark.django_db
def test_selling_to_oneself_is_refused(client, market):
    lot = issue(client, market, quantity=10)
    response = split(client, market, lot["code"], [{"quantity": 2, "customer": market.business.uscc}])
    assert response.status_code == 422


@pytest.mark.django_db
def test_a_unit_cannot_be_split(client, producer, sausage):
    unit = issue(client, producer, gtin=sausage.gtin, serial="S1")
    response = split(client, producer, unit["key"], [{"quantity": 1}])
    assert response.status_code == 422


@pytest.mark.django_db
def test_gs1_lot_is_split_into_platform_codes(client, producer, sausage):
    lot = issue(client, producer, gtin=sausage.gtin, lot="B7", quantity=5)
    body = split(client, producer, lot["key"], [{"quantity": 2}]).json()
    child = body["parts"][0]
    assert child["code"].startswith("T") and child["parent"] == lot["key"]
    edge = TraceEdge.objects.get(kind=TraceEdge.Kind.SPLIT_INTO)
    assert (edge.from_key, edge.to_key) == (f"lgtin:{sausage.gtin}:B7", child["key"])


@pytest.mark.django_db
def test_another_business_of_the_same_district_cannot_split(client, market, producer):
    lot = issue(client, market, quantity=10)
    assert split(client, producer, lot["code"], [{"quantity": 1}]).status_code == 404
    assert TraceCode.objects.count() == 1
