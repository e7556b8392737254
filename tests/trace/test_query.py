"""The standard query parameters, paging, formats and errors of GET /epcis/events."""

import pytest

from tests.conftest import make_business
from tests.trace.conftest import document, object_event, post_json

GTIN_PREFIX = "6901234"
LOT_URN = "urn:epc:class:lgtin:6901234.012345.L1120"
LOT_DL = "https://id.example.cn/01/06901234123456/10/L1120"
SGTIN = "urn:epc:id:sgtin:6901234.012345.1001"


@pytest.fixture
def stored(client, shop_with_key):
    shop, store, key = shop_with_key
    events = [
        object_event(store.code, lots=[(LOT_URN, 10)], time="2026-11-20T08:00:00+08:00", biz_step="receiving"),
        object_event(store.code, lots=[(LOT_DL, 4)], time="2026-11-21T09:00:00+08:00",
                     biz_step="retail_selling"),
        object_event(store.code, epcs=[SGTIN], time="2026-11-22T10:00:00+08:00", biz_step="shipping",
                     action="ADD", sourceList=[{"type": "owning_party",
                                                "source": f"urn:foodtrace:party:uscc:{shop.uscc}"}]),
    ]
    response = post_json(client, "/epcis/capture", document(*events), HTTP_X_API_KEY=key)
    assert response.status_code == 202 and response["X-FoodTrace-Stored"] == "3", response.content
    return shop, store, key


def query(client, key, **params):
    response = client.get("/epcis/events", params, HTTP_X_API_KEY=key)
    assert response.status_code == 200, response.content
    return response, response.json()["epcisBody"]["queryResults"]["resultsBody"]["eventList"]


@pytest.mark.django_db
def test_urn_and_digital_link_name_one_lot(client, stored):
    _, _, key = stored
    _, by_urn = query(client, key, MATCH_epcClass=LOT_URN)
    _, by_link = query(client, key, MATCH_anyEPCClass="https://id.gs1.org/01/06901234123456/10/L1120")
    assert len(by_urn) == 2 and len(by_link) == 2


@pytest.mark.django_db
def test_time_step_action_and_location_filters(client, stored):
    _, store, key = stored
    assert len(query(client, key, GE_eventTime="2026-11-21T00:00:00+08:00")[1]) == 2
    assert len(query(client, key, LT_eventTime="2026-11-21T00:00:00+08:00")[1]) == 1
    assert len(query(client, key, EQ_bizStep="urn:epcglobal:cbv:bizstep:retail_selling")[1]) == 1
    assert len(query(client, key, EQ_bizStep="urn:epcglobal:cbv:bizstep:receiving")[1]) == 1
    assert len(query(client, key, EQ_action="ADD")[1]) == 1
    assert len(query(client, key, MATCH_epc=SGTIN)[1]) == 1
    assert len(query(client, key, EQ_bizLocation=f"urn:foodtrace:loc:{store.code}")[1]) == 3
    assert len(query(client, key, eventType="AggregationEvent")[1]) == 0


@pytest.mark.django_db
def test_source_party_filter(client, stored):
    shop, _, key = stored
    assert len(query(client, key, EQ_source_owning_party=f"urn:foodtrace:party:uscc:{shop.uscc}")[1]) == 1


@pytest.mark.django_db
def test_paging_with_next_page_token(client, stored):
    _, _, key = stored
    response, first = query(client, key, perPage=2)
    assert len(first) == 2 and 'rel="next"' in response["Link"]
    next_url = response["Link"].split(">")[0].lstrip("<")
    second = client.get(next_url, HTTP_X_API_KEY=key).json()["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
    assert len(second) == 1
    assert {e["eventID"] for e in first}.isdisjoint({e["eventID"] for e in second})


@pytest.mark.django_db
def test_xml_answer_on_request(client, stored):
    _, _, key = stored
    response = client.get("/epcis/events", {"EQ_bizStep": "shipping"}, HTTP_X_API_KEY=key,
                          HTTP_ACCEPT="application/xml")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    assert b"EPCISQueryDocument" in response.content and b"urn:epcglobal:cbv:bizstep:shipping" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize(("params", "words"), [
    ({"EQ_colour": "red"}, "EQ_colour"),
    ({"GE_eventTime": "2026-11-21T00:00:00"}, "offset"),
    ({"eventType": "PizzaEvent"}, "PizzaEvent"),
    ({"perPage": "0"}, "perPage"),
    ({"nextPageToken": "forged"}, "nextPageToken"),
])
def test_bad_query_parameters_are_named(client, stored, params, words):
    _, _, key = stored
    response = client.get("/epcis/events", params, HTTP_X_API_KEY=key)
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "epcisException:QueryParameterException" and words in body["detail"]


@pytest.mark.django_db
def test_other_businesses_do_not_see_these_events(client, stored):
    from tests.conftest import make_api_client

    _, other_key = make_api_client(business=make_business("430102", "catering"))
    response = client.get("/epcis/events", HTTP_X_API_KEY=other_key)
    assert response.json()["epcisBody"]["queryResults"]["resultsBody"]["eventList"] == []


@pytest.mark.django_db
def test_event_types(client, stored):
    _, _, key = stored
    assert client.get("/epcis/eventTypes", HTTP_X_API_KEY=key).json()["@set"][0] == "ObjectEvent"


@pytest.mark.django_db
def test_eq_event_id_finds_an_event_by_its_own_id_and_by_its_hash(client, shop_with_key):
    from foodtrace.epcis.hashing import event_hash_id

    _, store, key = shop_with_key
    own_id = "urn:uuid:5b7c1f0e-9d2a-4c3b-8e1f-2a3b4c5d6e7f"
    named = object_event(store.code, lots=[(LOT_URN, 3)], eventID=own_id, time="2026-11-23T08:00:00+08:00")
    unnamed = object_event(store.code, lots=[(LOT_URN, 5)], time="2026-11-24T08:00:00+08:00")
    body = document(named, unnamed)
    response = post_json(client, "/epcis/capture", body, HTTP_X_API_KEY=key)
    assert response.status_code == 202 and response["X-FoodTrace-Stored"] == "2", response.content
    namespaces = {}
    named_hash = event_hash_id({k: v for k, v in named.items() if k != "eventID"}, namespaces)
    unnamed_hash = event_hash_id(unnamed, namespaces)
    assert [e["eventID"] for e in query(client, key, EQ_eventID=own_id)[1]] == [own_id]
    assert [e["eventID"] for e in query(client, key, EQ_eventID=named_hash)[1]] == [own_id]
    assert [e["eventID"] for e in query(client, key, EQ_eventID=unnamed_hash)[1]] == [unnamed_hash]
    both = query(client, key, EQ_eventID=f"{named_hash}|{unnamed_hash}")[1]
    assert sorted(e["eventID"] for e in both) == sorted([own_id, unnamed_hash])
    assert query(client, key, EQ_eventID="urn:uuid:00000000-0000-4000-8000-000000000000")[1] == []


@pytest.mark.django_db
def test_eq_event_id_is_answered_from_indexes_on_postgresql(shop_with_key):
    """On ten million events a sequential scan of trace_event takes minutes: with sequential scans priced out,
    the plan of an EQ_eventID query must still not need one (it would if a branch had no index)."""
    from django.db import connection

    from foodtrace.trace.models import Event
    from foodtrace.trace.queries import apply_parameters

    if connection.vendor != "postgresql":
        pytest.skip("the plan is PostgreSQL's")
    queryset = apply_parameters(Event.objects.all(), {"EQ_eventID": "ni:///sha-256;abc?ver=CBV2.0|urn:uuid:x"})
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan" not in plan, plan
