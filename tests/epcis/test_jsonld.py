"""foodtrace.epcis.jsonld: reading and writing the EPCIS 2.0 JSON / JSON-LD binding.

GS1's example documents and JSON schema are test oracles, read from the conformance folder (see conftest.py).
"""

from __future__ import annotations

import json

import pytest

from foodtrace.epcis.errors import EPCISError, ValidationErrors
from foodtrace.epcis.jsonld import (
    parse_document,
    parse_event,
    serialise_document,
    serialise_query_document,
    to_json_bytes,
)
from foodtrace.epcis.model import GS1_CONTEXT
from foodtrace.epcis.rules import document_errors, validate_document

from .conftest import example_files

# Without the conformance folder one placeholder case remains; its conformance_dir fixture skips it (or fails
# it when FOODTRACE_REQUIRE_CONFORMANCE is set).
EXAMPLES = example_files() or [pytest.param(None, id="no-gs1-examples")]
VERSIONED_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"

INCONSISTENT_EXAMPLES: dict = {}  # every GS1 example is valid for our rules


def read_example(conformance_dir, name) -> bytes:
    return (conformance_dir / "JSON" / name).read_bytes()


def minimal(events, context=None, **fields) -> dict:
    return {"@context": context if context is not None else [GS1_CONTEXT, {"example": "https://example.com/e/"}],
            "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2024-05-01T09:00:00+08:00",
            "epcisBody": {"eventList": events}, **fields}


EVENT = {"type": "ObjectEvent", "eventTime": "2024-05-01T08:30:00+08:00", "eventTimeZoneOffset": "+08:00",
         "action": "OBSERVE", "epcList": ["urn:epc:id:sgtin:6901234.012345.1001"], "bizStep": "shipping"}


# --------------------------------------------------------------------------------------------------------------
# Every GS1 example
# --------------------------------------------------------------------------------------------------------------

def test_examples_are_found(conformance_dir):
    names = example_files()
    assert len(names) >= 40
    assert not [n for n in names if not n.endswith(".jsonld")]


@pytest.mark.parametrize("name", EXAMPLES)
def test_round_trip(name, conformance_dir, official_schema):
    doc = parse_document(read_example(conformance_dir, name))
    assert doc.events
    written = serialise_document(doc.events, doc.namespaces)
    again = parse_document(to_json_bytes(written))
    assert again.events == doc.events
    assert again.namespaces == doc.namespaces
    # GS1's own schema accepts what we write, as a capture document and as query results.
    assert [e.message for e in official_schema.iter_errors(written)] == []
    query = serialise_query_document(doc.events, doc.namespaces, "SimpleEventQuery", "sub-1")
    assert [e.message for e in official_schema.iter_errors(query)] == []
    assert parse_document(query).events == doc.events


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_is_valid(name, conformance_dir):
    doc = parse_document(read_example(conformance_dir, name))
    found = [(e.pointer, e.detail) for e in document_errors(doc, json_binding=True)]
    assert found == INCONSISTENT_EXAMPLES.get(name, [])
    if not found:
        validate_document(doc, json_binding=True)
        parse_document(read_example(conformance_dir, name), validate=True)


@pytest.mark.parametrize("name", EXAMPLES)
def test_events_kept_as_sent(name, conformance_dir):
    raw = json.loads(read_example(conformance_dir, name))
    body = raw["epcisBody"]
    raw_events = body["eventList"] if "eventList" in body else body["queryResults"]["resultsBody"]["eventList"]
    doc = parse_document(raw)
    assert len(doc.events) == len(raw_events)
    for sent, kept in zip(raw_events, doc.events, strict=True):
        assert kept == {k: v for k, v in sent.items() if k not in ("@context", "recordTime")}


# --------------------------------------------------------------------------------------------------------------
# Extensions
# --------------------------------------------------------------------------------------------------------------

def _extensions(value):
    """All namespaced keys with their values, at any depth."""
    found = []
    if isinstance(value, dict):
        for k, v in value.items():
            if ":" in k:
                found.append((k, json.dumps(v, sort_keys=True, ensure_ascii=False)))
            found.extend(_extensions(v))
    elif isinstance(value, list):
        for item in value:
            found.extend(_extensions(item))
    return found


@pytest.mark.parametrize("name", [
    "WithFullCombinationOfFields/object_event_all_possible_fields.jsonld",
    "WithFullCombinationOfFields/transformation_event_all_possible_fields.jsonld",
    "Example_9.6.1-ObjectEvent.jsonld",
    "EPCISQueryDocument.jsonld",
])
def test_extensions_survive_exactly(name, conformance_dir):
    raw = json.loads(read_example(conformance_dir, name))
    body = raw["epcisBody"]
    raw_events = body["eventList"] if "eventList" in body else body["queryResults"]["resultsBody"]["eventList"]
    doc = parse_document(raw)
    written = json.loads(to_json_bytes(serialise_document(doc.events, doc.namespaces)))
    before = _extensions(raw_events)
    assert before, "the example has extensions"
    assert _extensions(written["epcisBody"]["eventList"]) == before
    # Every prefix they use is declared in what we write.
    declared = {k for item in written["@context"][1:] for k in item}
    used = {k.split(":", 1)[0] for k, _ in before} - {"gs1", "cbvmda", "https", "http", "urn"}
    assert used <= declared


def test_nested_extension_structure(conformance_dir):
    doc = parse_document(read_example(conformance_dir,
                                      "WithFullCombinationOfFields/object_event_all_possible_fields.jsonld"))
    element = doc.events[0]["sensorElementList"][0]
    assert element["ext1:object"]["ext2:object"]["ext2:object"] == {"ext3:string": "stringInObjectInObject"}
    assert doc.namespaces["ext3"] == "http://example.com/ext3/"


def test_chinese_extension_text_written_as_is():
    doc = parse_document(minimal([{**EVENT, "example:note": "冷链运输 温度正常"}]))
    data = to_json_bytes(serialise_document(doc.events, doc.namespaces))
    assert "冷链运输 温度正常".encode() in data
    assert parse_document(data).events == doc.events


# --------------------------------------------------------------------------------------------------------------
# @context
# --------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("context", [
    GS1_CONTEXT, [GS1_CONTEXT], VERSIONED_CONTEXT, [VERSIONED_CONTEXT, {"example": "https://example.com/e/"}],
    [VERSIONED_CONTEXT, {"example": "https://example.com/e/"}, {"ex2": "urn:example:ns2:"}],
])
def test_gs1_context_forms_accepted(context):
    doc = parse_document(minimal([EVENT], context=context), validate=True)
    assert doc.events == [EVENT]


def test_inline_context_becomes_namespaces():
    doc = parse_document(minimal([EVENT], context=[
        VERSIONED_CONTEXT, {"example": "https://example.com/e/", "@version": 1.1},
        {"rail": "urn:gs1:epcisapp:rail:", "rail:axleCount": {"@type": "xsd:integer"}}]))
    assert doc.namespaces == {"example": "https://example.com/e/", "rail": "urn:gs1:epcisapp:rail:"}


def test_written_context_is_gs1_plus_namespaces():
    written = serialise_document([EVENT], {"example": "https://example.com/e/"})
    assert written["@context"] == [GS1_CONTEXT, {"example": "https://example.com/e/"}]
    assert serialise_document([EVENT], {})["@context"] == [GS1_CONTEXT]


def test_unknown_context_url_rejected():
    with pytest.raises(ValidationErrors) as info:
        parse_document(minimal([EVENT], context=[GS1_CONTEXT, "https://example.com/my-context.jsonld"]))
    error = info.value.errors[0]
    assert error.pointer == "@context[1]"
    assert "'https://example.com/my-context.jsonld' is not a context this repository knows" in error.detail


def test_context_without_gs1_rejected():
    with pytest.raises(ValidationErrors) as info:
        parse_document(minimal([EVENT], context={"example": "https://example.com/e/"}))
    assert info.value.errors[0].detail == f"@context must reference the EPCIS 2.0 context {GS1_CONTEXT!r}"


def test_prefix_must_map_to_an_iri():
    with pytest.raises(ValidationErrors) as info:
        parse_document(minimal([EVENT], context=[GS1_CONTEXT, {"example": "not an iri"}]))
    assert info.value.errors[0].pointer == "@context[1].example"
    assert "maps prefix 'example' to 'not an iri'" in info.value.errors[0].detail


def test_undeclared_prefix_is_a_validation_exception():
    with pytest.raises(ValidationErrors) as info:
        parse_document(minimal([{**EVENT, "acme:grade": "A"}]), validate=True)
    (error,) = info.value.errors
    assert error.type == "ValidationException"
    assert error.pointer == "epcisBody.eventList[0].acme:grade"
    assert "uses the prefix 'acme', which is not declared" in error.detail


def test_event_level_context_merged_and_record_time_dropped():
    event = {**EVENT, "@context": [{"acme": "https://acme.example.com/"}], "acme:grade": "A",
             "recordTime": "2024-05-01T08:31:00+08:00"}
    doc = parse_document(minimal([event]), validate=True)
    assert doc.namespaces == {"example": "https://example.com/e/", "acme": "https://acme.example.com/"}
    assert doc.events == [{**EVENT, "acme:grade": "A"}]


def test_conflicting_prefix_rejected():
    event = {**EVENT, "@context": {"example": "https://other.example.com/"}}
    with pytest.raises(ValidationErrors) as info:
        parse_document(minimal([event]))
    assert info.value.errors[0].pointer == "epcisBody.eventList[0].@context.example"
    assert "already bound to 'https://example.com/e/'" in info.value.errors[0].detail


# --------------------------------------------------------------------------------------------------------------
# Envelope and syntax
# --------------------------------------------------------------------------------------------------------------

def test_json_syntax_error_has_line_and_column():
    with pytest.raises(EPCISError) as info:
        parse_document(b'{\n  "type": "EPCISDocument",\n  "epcisBody": {,}\n}')
    assert info.value.type == "ValidationException"
    assert "the body is not valid JSON: Expecting property name enclosed in double quotes at line 3, column 17" \
        in str(info.value)


def test_nan_is_not_json():
    text = json.dumps(minimal([{**EVENT, "quantityList": [{"epcClass": "urn:epc:class:lgtin:1.2.3"}]}]))
    with pytest.raises(ValidationErrors, match="NaN is not a JSON number"):
        parse_document(text.replace('"urn:epc:class:lgtin:1.2.3"}', '"urn:epc:class:lgtin:1.2.3", "quantity": NaN}'))


def test_not_utf8():
    with pytest.raises(ValidationErrors, match="not valid UTF-8"):
        parse_document(json.dumps(minimal([EVENT]), ensure_ascii=False).replace("shipping", "shipp\u00efng")
                       .encode("latin-1"))


def test_envelope_problems_all_reported():
    raw = minimal([EVENT, {**EVENT, "eventTime": "2024-05-01T08:30:00"}], colour="red")
    del raw["creationDate"]
    raw["epcisBody"]["extra"] = 1
    with pytest.raises(ValidationErrors) as info:
        parse_document(raw, validate=True)
    assert [e.pointer for e in info.value.errors] == [
        "colour", "creationDate", "epcisBody.extra", "epcisBody.eventList[1].eventTime"]
    assert info.value.errors[0].detail.startswith("'colour' is not a field of an EPCISDocument; allowed: ")


def test_document_type_checked():
    with pytest.raises(ValidationErrors, match="type must be 'EPCISDocument' or 'EPCISQueryDocument'"):
        parse_document({"type": "Document"})
    with pytest.raises(ValidationErrors, match="this is a single ObjectEvent, not a document"):
        parse_document(EVENT)
    with pytest.raises(ValidationErrors, match="epcisBody needs an eventList"):
        parse_document(minimal(None))


def test_header_kept():
    header = {"epcisMasterData": {"vocabularyList": [
        {"type": "urn:epcglobal:epcis:vtype:BusinessLocation",
         "vocabularyElementList": [{"id": "urn:epc:id:sgln:6901234.00001.0",
                                    "attributes": [{"id": "urn:epcglobal:cbv:mda#name",
                                                    "attribute": "长沙一号仓"}]}]}]}}
    doc = parse_document(minimal([EVENT], epcisHeader=header, id="urn:uuid:0a6c5d2e-4b8f-4c1e-9d3a-2f1b0c9e8d7a"),
                         validate=True)
    assert doc.header == header
    assert doc.document_id == "urn:uuid:0a6c5d2e-4b8f-4c1e-9d3a-2f1b0c9e8d7a"
    assert doc.creation_date == "2024-05-01T09:00:00+08:00"
    assert doc.schema_version == "2.0"


# --------------------------------------------------------------------------------------------------------------
# Single events (POST /events)
# --------------------------------------------------------------------------------------------------------------

def test_parse_event():
    doc = parse_event({**EVENT, "@context": [GS1_CONTEXT, {"acme": "https://acme.example.com/"}], "acme:x": 1},
                      validate=True)
    assert doc.events == [{**EVENT, "acme:x": 1}]
    assert doc.namespaces == {"acme": "https://acme.example.com/"}


def test_parse_event_needs_context_and_reports_relative_pointers():
    with pytest.raises(ValidationErrors) as info:
        parse_event(json.dumps({**EVENT, "action": "add"}), validate=True)
    assert [e.pointer for e in info.value.errors] == ["@context", "action"]


def test_parse_event_rejects_a_document():
    with pytest.raises(ValidationErrors, match="not a single event; send it to /capture"):
        parse_event(minimal([EVENT]))


# --------------------------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------------------------

def test_query_document_shape_matches_gs1(conformance_dir):
    gs1 = json.loads(read_example(conformance_dir, "EPCISQueryDocument.jsonld"))
    doc = parse_document(gs1)
    ours = serialise_query_document(doc.events, doc.namespaces, "SimpleEventQuery",
                                    gs1["epcisBody"]["queryResults"]["subscriptionID"],
                                    creation_date=gs1["creationDate"])
    expected = {k: v for k, v in gs1.items() if k != "id"}
    expected["@context"] = [GS1_CONTEXT, *gs1["@context"][1:]]
    assert ours == expected


def test_xml_style_cbv_urns_written_as_json_words(official_schema):
    event = {
        **EVENT, "bizStep": "urn:epcglobal:cbv:bizstep:shipping", "disposition": "urn:epcglobal:cbv:disp:in_transit",
        "bizTransactionList": [{"type": "urn:epcglobal:cbv:btt:po", "bizTransaction": "urn:epcglobal:cbv:bt:1:2"}],
        "sourceList": [{"type": "urn:epcglobal:cbv:sdt:owning_party", "source": "urn:epc:id:pgln:6901234.00001"}],
        "persistentDisposition": {"set": ["urn:epcglobal:cbv:disp:completeness_verified"]},
        "errorDeclaration": {"declarationTime": "2024-05-02T00:00:00Z", "reason": "urn:epcglobal:cbv:er:did_not_occur"},
        "recordTime": "2024-05-01T08:31:00.000Z"}
    written = serialise_document([event], {}, creation_date="2024-05-01T09:00:00Z")
    out = written["epcisBody"]["eventList"][0]
    assert (out["bizStep"], out["disposition"], out["bizTransactionList"][0]["type"], out["sourceList"][0]["type"],
            out["persistentDisposition"], out["errorDeclaration"]["reason"]) == (
        "shipping", "in_transit", "po", "owning_party", {"set": ["completeness_verified"]}, "did_not_occur")
    assert out["recordTime"] == "2024-05-01T08:31:00.000Z"  # query results carry the repository's recordTime
    assert event["bizStep"] == "urn:epcglobal:cbv:bizstep:shipping"  # the stored event is not touched
    assert [e.message for e in official_schema.iter_errors(written)] == []


def test_creation_date_defaults_to_now():
    written = serialise_document([EVENT], {})
    assert written["creationDate"].endswith("Z")
    assert document_errors(parse_document(written), json_binding=True) == []


def test_problem_details():
    error = EPCISError("too many events", type="CaptureLimitExceededException")
    assert error.to_problem() == {"type": "epcisException:CaptureLimitExceededException",
                                  "title": "CaptureLimitExceededException", "status": 413, "detail": "too many events"}
    with pytest.raises(ValueError, match="unknown EPCIS exception type"):
        EPCISError("x", type="OopsException")
