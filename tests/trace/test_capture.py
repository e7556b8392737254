"""Capture: a document is stored whole or not at all, by whom it may be, once."""

from urllib.parse import quote

import pytest
from django.db import connection

from foodtrace.audit.models import AuditEntry
from foodtrace.trace.capture import stored_hashes
from foodtrace.trace.models import CaptureJob, Event
from tests.conftest import make_business, make_location
from tests.trace.conftest import document, object_event, post_json

LOT_URN = "urn:epc:class:lgtin:6901234.012345.L20261120"


@pytest.mark.django_db
def test_business_captures_at_its_own_location(client, shop_with_key):
    shop, store, key = shop_with_key
    response = post_json(client, "/epcis/capture", document(object_event(store.code, lots=[(LOT_URN, 12.5)])),
                         HTTP_X_API_KEY=key)
    assert response.status_code == 202, response.content
    job = client.get(response["Location"], HTTP_X_API_KEY=key).json()
    assert job["success"] is True and job["running"] is False and job["errors"] == []
    stored = Event.objects.get()
    assert stored.business_id == shop.pk and stored.district_id == "430102"
    assert stored.event_id.startswith("ni:///sha-256;") and stored.event_id.endswith("?ver=CBV2.0")
    entry = AuditEntry.objects.get(action="capture")
    assert entry.actor_name.startswith("api:") and entry.changes["count"] == 1


@pytest.mark.django_db
def test_other_business_location_rejects_the_whole_document(client, shop_with_key):
    _shop, store, key = shop_with_key
    rival_store = make_location(make_business("430102", "supermarket"), kind="store")
    response = post_json(client, "/epcis/capture", document(
        object_event(store.code, lots=[(LOT_URN, 1)]), object_event(rival_store.code, lots=[(LOT_URN, 2)])),
        HTTP_X_API_KEY=key)
    assert response.status_code == 202
    job = client.get(response["Location"], HTTP_X_API_KEY=key).json()
    assert job["success"] is False
    assert job["errors"][0]["eventIndex"] == 1 and "outside" in job["errors"][0]["detail"]
    assert Event.objects.count() == 0


@pytest.mark.django_db
def test_invalid_event_rejects_the_document_with_problem_details(client, shop_with_key):
    _, store, key = shop_with_key
    bad = object_event(store.code, lots=[(LOT_URN, 1)])
    del bad["eventTimeZoneOffset"]
    response = post_json(client, "/epcis/capture", document(object_event(store.code, lots=[(LOT_URN, 1)]), bad),
                         HTTP_X_API_KEY=key)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "epcisException:ValidationException"
    assert any("eventTimeZoneOffset" in e["detail"] and e["eventIndex"] == 1 for e in body["errors"])
    assert Event.objects.count() == 0
    job = CaptureJob.objects.get()
    assert job.status == "failure"
    # Even a refused document leaves a trace of who sent it, when and from where.
    entry = AuditEntry.objects.get(object_type="trace.capturejob", object_id=str(job.id))
    assert entry.actor_type == "api_client" and entry.source == "api" and entry.ip


@pytest.mark.django_db
def test_recapturing_the_same_event_stores_nothing_new(client, shop_with_key):
    _, store, key = shop_with_key
    doc = document(object_event(store.code, lots=[(LOT_URN, 3)]))
    first = post_json(client, "/epcis/capture", doc, HTTP_X_API_KEY=key)
    second = post_json(client, "/epcis/capture", doc, HTTP_X_API_KEY=key)
    assert (first["X-FoodTrace-Stored"], second["X-FoodTrace-Stored"]) == ("1", "0")
    assert second["X-FoodTrace-Duplicates"] == "1"
    assert client.get(second["Location"], HTTP_X_API_KEY=key).json()["newEventCount"] == 0
    assert Event.objects.count() == 1


@pytest.mark.django_db
def test_single_event_capture_and_fetch_by_id(client, shop_with_key):
    _, store, key = shop_with_key
    event = object_event(store.code, lots=[(LOT_URN, 4)], eventID="urn:uuid:8f0a3b0e-3c1e-4d7a-9d3e-0a1b2c3d4e5f")
    response = post_json(client, "/epcis/events", event, HTTP_X_API_KEY=key)
    assert response.status_code == 400 and "@context" in response.json()["detail"]  # JSON-LD needs its context
    event["@context"] = ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"]
    response = post_json(client, "/epcis/events", event, HTTP_X_API_KEY=key)
    assert response.status_code == 201
    assert response["Location"] == "/epcis/events/urn:uuid:8f0a3b0e-3c1e-4d7a-9d3e-0a1b2c3d4e5f"
    body = client.get(response["Location"], HTTP_X_API_KEY=key).json()
    returned = body["epcisBody"]["queryResults"]["resultsBody"]["eventList"][0]
    assert returned["quantityList"] == event["quantityList"] and "recordTime" in returned
    assert "@context" not in returned
    by_hash = client.get("/epcis/events/" + quote(Event.objects.get().event_hash, safe=""), HTTP_X_API_KEY=key)
    assert by_hash.status_code == 200 and "8f0a3b0e" in by_hash.content.decode()


@pytest.mark.django_db
def test_role_without_capture_permission_is_refused(client, otp_verified):
    from tests.conftest import make_user

    otp_verified(make_user("inspector", region="430102"))
    response = post_json(client, "/epcis/capture", document())
    assert response.status_code == 403
    assert response.json()["type"] == "epcisException:SecurityException"


@pytest.mark.django_db
def test_no_key_is_401_problem(client):
    response = client.get("/epcis/events")
    assert response.status_code == 401 and response.json()["type"] == "epcisException:SecurityException"


@pytest.mark.django_db
def test_oversized_document_is_413_with_advice(client, shop_with_key, settings):
    _, store, key = shop_with_key
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
    events = [object_event(store.code, lots=[(LOT_URN, i + 1)],
                           time=f"2026-11-20T08:{i // 60 % 60:02d}:{i % 60:02d}+08:00") for i in range(6000)]
    response = post_json(client, "/epcis/capture", document(*events), HTTP_X_API_KEY=key)
    assert response.status_code == 413
    body = response.json()
    assert body["type"] == "epcisException:CaptureLimitExceededException" and "split" in body["detail"]
    assert Event.objects.count() == 0


def _sequential_scans(table: str) -> int:
    with connection.cursor() as cursor:  # this transaction's own counts, up to date
        cursor.execute("SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relname = %s", [table])
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_stored_hash_look_up_stays_on_the_index_as_the_table_grows():
    """A web worker's connection sees trace_eventhash grow from nothing. A plan made while the table was empty
    must not stay a sequential scan: with PostgreSQL's autovacuum off (as on this machine) nothing re-plans it,
    and at 270,000 stored events each 1,000-event document's look-up then took 6 s (bench/epcis_capture.py)."""
    if connection.vendor != "postgresql":
        pytest.skip("plans are PostgreSQL's")
    keys = [f"ni:///sha-256;{i:064x}?ver=CBV2.0" for i in range(300)]  # the long-list form of sql.any_of
    assert stored_hashes(keys) == set()  # the first look-up, on an empty table
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO trace_eventhash (event_hash, event, event_time) "
                       "SELECT 'h' || g, g, now() FROM generate_series(1, 50000) g")
    before = _sequential_scans("trace_eventhash")
    assert stored_hashes([*keys, "h17"]) == {"h17"}
    assert _sequential_scans("trace_eventhash") == before
