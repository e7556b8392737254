"""Master data in a captured document's header is kept, attributed and answered; nothing of the header is lost."""

import pytest

from foodtrace.trace.models import CaptureJob, Event, MasterDataElement
from tests.conftest import make_api_client, make_business, make_location
from tests.trace.conftest import document, object_event, post_json

LOCATION = "urn:epcglobal:epcis:vtype:BusinessLocation"
SGLN = "urn:epc:id:sgln:0614141.00777.0"
SGLN_AS_LINK = "https://id.gs1.org/414/0614141007776"
NAME = "urn:epcglobal:cbv:mda#name"
LOT = [("urn:epc:class:lgtin:6901234.012345.L20261203", 5)]


def with_master_data(*elements, vocabulary=LOCATION, events=(), **fields) -> dict:
    doc = document(*events)
    doc["epcisHeader"] = {"epcisMasterData": {"vocabularyList": [
        {"type": vocabulary, "vocabularyElementList": list(elements)}]}}
    doc.update(fields)
    return doc


def place(element_id=SGLN, name="芙蓉区冷库", **extra) -> dict:
    return {"id": element_id, "attributes": [{"id": NAME, "attribute": name}], **extra}


def master_data(client, key, **params):
    response = client.get("/epcis/masterData", params, HTTP_X_API_KEY=key)
    assert response.status_code == 200, response.content
    return response.json()["vocabularyList"]


@pytest.mark.django_db
def test_master_data_is_kept_and_answered_under_either_form_of_its_id(client, shop_with_key):
    _shop, store, key = shop_with_key
    doc = with_master_data(place(children=["urn:epc:id:sgln:0614141.00777.1"]),
                           events=[object_event(store.code, lots=LOT)],
                           sender="urn:foodtrace:party:uscc:91430102MA4L0X0X0X",
                           **{"ft:batchNote": "早班"})
    doc["@context"].append({"ft": "https://trace.example.cn/ns/"})
    response = post_json(client, "/epcis/capture", doc, HTTP_X_API_KEY=key)
    assert response.status_code == 202, response.content
    assert response["X-FoodTrace-Stored"] == "1"

    answer = master_data(client, key, EQ_name=SGLN_AS_LINK)
    assert answer == [{"type": LOCATION, "vocabularyElementList": [
        {"id": SGLN, "attributes": [{"id": NAME, "attribute": "芙蓉区冷库"}],
         "children": ["urn:epc:id:sgln:0614141.00777.1"]}]}]
    bare = master_data(client, key, EQ_name=SGLN, includeAttributes="false", includeChildren="false")
    assert bare[0]["vocabularyElementList"] == [{"id": SGLN}]
    assert master_data(client, key, vocabularyName="urn:epcglobal:epcis:vtype:ReadPoint") == []

    # The document's own fields are on its job as sent, extension prefixes with them.
    job = CaptureJob.objects.get()
    assert job.document_header["sender"] == "urn:foodtrace:party:uscc:91430102MA4L0X0X0X"
    assert job.document_header["ft:batchNote"] == "早班"
    assert job.document_header["@context"] == {"ft": "https://trace.example.cn/ns/"}
    assert job.document_header["epcisHeader"] == doc["epcisHeader"]
    element = MasterDataElement.objects.get()
    assert element.capture_job_id == job.pk and element.business_id == job.business_id


@pytest.mark.django_db
def test_newest_assertion_is_answered_and_the_older_is_kept(client, shop_with_key):
    _, _, key = shop_with_key
    for name in ("旧名称", "新名称"):
        response = post_json(client, "/epcis/capture", with_master_data(place(name=name)), HTTP_X_API_KEY=key)
        assert response.status_code == 202, response.content
    answer = master_data(client, key)
    assert answer[0]["vocabularyElementList"] == [{"id": SGLN, "attributes": [{"id": NAME, "attribute": "新名称"}]}]
    assert MasterDataElement.objects.count() == 2


@pytest.mark.django_db
def test_master_data_keeps_to_the_askers_scope(client, shop_with_key):
    _, _, key = shop_with_key
    post_json(client, "/epcis/capture", with_master_data(place()), HTTP_X_API_KEY=key)
    other_district = make_business("430104", "supermarket")
    make_location(other_district)
    _, other_key = make_api_client(business=other_district)
    _, neighbour_key = make_api_client(business=make_business("430102", "supermarket"))
    _, district_key = make_api_client(role="district_regulator", region="430102")
    assert master_data(client, other_key) == []
    assert master_data(client, neighbour_key) == []  # another business's assertion, same district
    assert master_data(client, district_key)[0]["vocabularyElementList"][0]["id"] == SGLN


@pytest.mark.django_db
def test_unreadable_element_id_rejects_the_document_and_names_the_element(client, shop_with_key):
    _, store, key = shop_with_key
    bad = "https://id.gs1.org/414/0614141007770"  # check digit 0, GS1 says 6
    response = post_json(client, "/epcis/capture",
                         with_master_data(place(), place(element_id=bad), events=[object_event(store.code, lots=LOT)]),
                         HTTP_X_API_KEY=key)
    assert response.status_code == 400
    problem = response.json()
    assert problem["type"] == "epcisException:ValidationException"
    pointer = "epcisHeader.epcisMasterData.vocabularyList[0].vocabularyElementList[1].id"
    assert [error["pointer"] for error in problem["errors"]] == [pointer]
    assert not MasterDataElement.objects.exists() and not Event.objects.exists()


@pytest.mark.django_db
def test_document_refused_for_scope_keeps_no_master_data(client, shop_with_key):
    _, _, key = shop_with_key
    rival = make_location(make_business("430102", "supermarket"))
    doc = with_master_data(place(), events=[object_event(rival.code, lots=LOT)])
    response = post_json(client, "/epcis/capture", doc, HTTP_X_API_KEY=key)
    assert response.status_code == 202
    assert client.get(response["Location"], HTTP_X_API_KEY=key).json()["success"] is False
    assert not MasterDataElement.objects.exists()


@pytest.mark.django_db
def test_master_data_query_errors(client, shop_with_key):
    _, _, key = shop_with_key
    post_json(client, "/epcis/capture", with_master_data(place(), place(element_id="urn:epc:id:sgln:0614141.00777.1")),
              HTTP_X_API_KEY=key)
    too_many = client.get("/epcis/masterData", {"maxElementCount": "1"}, HTTP_X_API_KEY=key)
    assert too_many.status_code == 413
    assert too_many.json()["type"] == "epcisException:QueryTooLargeException"
    assert len(master_data(client, key, maxElementCount="2")[0]["vocabularyElementList"]) == 2
    unknown = client.get("/epcis/masterData", {"EQ_bizStep": "shipping"}, HTTP_X_API_KEY=key)
    assert unknown.status_code == 400 and "EQ_bizStep" in unknown.json()["detail"]
    flag = client.get("/epcis/masterData", {"includeAttributes": "yes"}, HTTP_X_API_KEY=key)
    assert flag.status_code == 400 and "true or false" in flag.json()["detail"]
    name = client.get("/epcis/masterData", {"EQ_name": "urn:epc:id:sgln:123"}, HTTP_X_API_KEY=key)
    assert name.status_code == 400 and name.json()["detail"].startswith("EQ_name")
