"""Every capture document among GS1's examples is accepted, and every event comes back equivalent."""

import json
from urllib.parse import quote

import pytest
from lxml import etree

from foodtrace.epcis import jsonld
from foodtrace.epcis import xml as epcis_xml
from foodtrace.epcis.hashing import event_hash_id
from foodtrace.trace.models import CaptureJob
from tests.epcis.conftest import conformance_path

_CAPTURE_ROOTS = frozenset({"{urn:epcglobal:epcis:xsd:2}EPCISDocument",
                            "{urn:epcglobal:epcis-query:xsd:2}EPCISQueryDocument"})


def _is_capture_document(path) -> bool:
    """True for an XML file whose root is an EPCISDocument or EPCISQueryDocument (not master data, not a
    capture job, not GS1's ``placeholder``)."""
    try:
        for _, root in etree.iterparse(str(path), events=("start",), resolve_entities=False, no_network=True,
                                       load_dtd=False):
            return root.tag in _CAPTURE_ROOTS
    except etree.XMLSyntaxError:
        return False
    return False


def example_files() -> list[str]:
    root = conformance_path()
    files = sorted(str(p.relative_to(root)) for p in (root / "JSON").rglob("*.jsonld"))
    # XML: everything under XML/ except the CaptureJob/ documents (capture job status, not events) and files
    # that are not EPCIS capture documents (EPCISMasterDataDocument such as CBV/CBV-11.4 and
    # Mimasu/Example-masterData.xml; the "placeholder" file has no .xml suffix).
    files += sorted(str(p.relative_to(root)) for p in (root / "XML").rglob("*.xml")
                    if p.relative_to(root / "XML").parts[0] != "CaptureJob" and _is_capture_document(p))
    return files or ["(none)"]


# EPCISDocuments that carry master data in their header and no events at all: capture must accept them,
# store no event and keep the master data (checked for every document below).
_WITHOUT_EVENTS = frozenset({"XML/WithFullCombinationOfFields/masterdata_all_possible_fields.xml"})


def _comparable(event: dict) -> dict:
    return {k: v for k, v in event.items() if k not in ("recordTime", "@context")}


@pytest.mark.django_db
@pytest.mark.parametrize("name", example_files())
def test_gs1_example_document_round_trips(regulator_client, conformance_dir, name):
    path = conformance_dir / name
    content = path.read_bytes()
    is_xml = path.suffix == ".xml"
    parsed = epcis_xml.parse_document(content) if is_xml else jsonld.parse_document(content)
    response = regulator_client.post("/epcis/capture", content,
                                     content_type="application/xml" if is_xml else "application/ld+json")
    assert response.status_code == 202, response.content[:1500]
    job = regulator_client.get(response["Location"]).json()
    assert job["success"], job["errors"]
    _master_data_comes_back(regulator_client, parsed, job["captureID"])
    if name in _WITHOUT_EVENTS:
        assert not parsed.events, f"{name} was expected to hold master data only"
        assert job["eventCount"] == 0 and job["newEventCount"] == 0, job
        assert response["X-FoodTrace-Stored"] == "0"
        return
    assert parsed.events, "an example without events proves nothing"
    for event in parsed.events:
        event_id = event.get("eventID") or event_hash_id(event, parsed.namespaces)
        # Asked for in the format it was sent in, the event must come back as it was sent.
        got = regulator_client.get("/epcis/events/" + quote(event_id, safe=""),
                                   HTTP_ACCEPT="application/xml" if is_xml else "application/ld+json")
        assert got.status_code == 200, f"{event_id} not found"
        returned = epcis_xml.parse_document(got.content).events if is_xml else \
            json.loads(got.content)["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
        expected = _comparable(event)
        expected.setdefault("eventID", event_id)
        assert any(_comparable(r) == expected for r in returned), f"{event_id} differs"


def _master_data_comes_back(client, parsed, capture_id: str) -> None:
    """The document's header is kept on its job as sent, and each vocabulary element it declares is
    answered by the master-data query as sent (the last one, where a document declares an ID twice)."""
    job = CaptureJob.objects.get(pk=capture_id)
    assert (job.document_header or {}).get("epcisHeader") == parsed.header
    declared = {}
    for vocabulary in ((parsed.header or {}).get("epcisMasterData") or {}).get("vocabularyList", []):
        for element in vocabulary.get("vocabularyElementList", []):
            declared[(vocabulary["type"], element["id"])] = element
    for (kind, element_id), element in declared.items():
        answer = client.get("/epcis/masterData", {"vocabularyName": kind, "EQ_name": element_id})
        assert answer.status_code == 200, answer.content[:500]
        vocabularies = answer.json()["vocabularyList"]
        assert [v["type"] for v in vocabularies] == [kind]
        expected = {k: v for k, v in element.items() if v not in ([], None)}
        assert vocabularies[0]["vocabularyElementList"] == [expected], element_id
