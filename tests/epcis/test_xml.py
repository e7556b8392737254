"""The EPCIS 2.0 XML binding (foodtrace.epcis.xml) against GS1's own XML, JSON and XSD material.

GS1's files are test oracles only: they are read from the conformance folder
(FOODTRACE_CONFORMANCE_DIR, default <repo>/../shared/conformance) and never copied into the project.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import time
from pathlib import Path

import pytest
from lxml import etree

from foodtrace.epcis import vocabulary
from foodtrace.epcis.errors import EPCISError
from foodtrace.epcis.xml import EPCISQ_NS, parse_document, serialise_document

REPO = Path(__file__).resolve().parents[2]


def _conformance_root() -> Path | None:
    """Same logic as tests/epcis/conftest.py's conformance_dir: one setting, skip unless required."""
    base = Path(os.environ.get("FOODTRACE_CONFORMANCE_DIR", REPO.parent / "shared" / "conformance"))
    path = base / "gs1-epcis"
    if path.is_dir():
        return path
    if os.environ.get("FOODTRACE_REQUIRE_CONFORMANCE"):
        pytest.fail(f"GS1 conformance material not found at {path} (FOODTRACE_REQUIRE_CONFORMANCE is set)")
    return None


GS1 = _conformance_root()
needs_gs1 = pytest.mark.skipif(GS1 is None, reason="GS1 EPCIS conformance folder not found "
                                                   "(set FOODTRACE_CONFORMANCE_DIR)")


def _document_files() -> list[Path]:
    """Every XML example that is an EPCISDocument / EPCISQueryDocument.

    Left out: CaptureJob/ (capture-job status, not documents), the EPCISMasterDataDocument files
    (CBV-11.4 and Mimasu/Example-masterData: a 1.x-style master-data document type EPCIS 2.0's XSD does not
    define) and the 'placeholder' file.
    """
    if GS1 is None:
        return []
    files = []
    for path in sorted((GS1 / "XML").rglob("*.xml")):
        if "CaptureJob" in path.parts:
            continue
        root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
        if etree.QName(root).localname in ("EPCISDocument", "EPCISQueryDocument"):
            files.append(path)
    return files


DOCUMENTS = _document_files()


@pytest.fixture(scope="module")
def schemas():
    xmlschema = pytest.importorskip("xmlschema")
    # The 2.0 XSD imports EPCglobal.xsd and the SBDH schemas by relative path; load it from its folder.
    return {
        "EPCISDocument": xmlschema.XMLSchema(str(GS1 / "XSD" / "EPCglobal-epcis-2_0.xsd")),
        "EPCISQueryDocument": xmlschema.XMLSchema(str(GS1 / "XSD" / "EPCglobal-epcis-query-2_0.xsd")),
    }


def _assert_valid(schemas, document_type: str, data: bytes) -> None:
    errors = list(schemas[document_type].iter_errors(data.decode()))
    assert not errors, f"{len(errors)} XSD errors, first: {errors[0]}"


# --------------------------------------------------------------------------------------------------------
# Every GS1 XML document: parse → serialise → XSD-valid → parse back to the same events
# --------------------------------------------------------------------------------------------------------

@needs_gs1
def test_the_document_set_is_found():
    assert len(DOCUMENTS) >= 30


@needs_gs1
@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: str(p.relative_to(GS1 / "XML")))
def test_gs1_example_round_trips_through_valid_xml(path, schemas):
    original = path.read_bytes()
    _assert_valid(schemas, "EPCISDocument", original)  # GS1's file itself is valid: the oracle is sound
    doc = parse_document(original)
    out = serialise_document(doc.events, doc.namespaces, document_type=doc.document_type,
                             creation_date=doc.creation_date, header=doc.header)
    _assert_valid(schemas, doc.document_type, out)
    again = parse_document(out)
    assert again.events == doc.events
    assert again.namespaces == doc.namespaces
    assert again.header == doc.header
    assert again.creation_date == doc.creation_date


@needs_gs1
def test_query_document_round_trip(schemas):
    doc = parse_document((GS1 / "XML" / "Example_9.6.1-ObjectEvent-2020_06_18a.xml").read_bytes())
    out = serialise_document(doc.events, doc.namespaces, document_type="EPCISQueryDocument",
                             creation_date="2024-01-01T00:00:00Z", query_name="SimpleEventQuery")
    _assert_valid(schemas, "EPCISQueryDocument", out)
    again = parse_document(out)
    assert again.document_type == "EPCISQueryDocument"
    assert again.query_name == "SimpleEventQuery"
    assert again.events == doc.events


# --------------------------------------------------------------------------------------------------------
# Parsed XML equals GS1's JSON rendering of the same events (with honest, listed differences)
# --------------------------------------------------------------------------------------------------------

_TIMES = frozenset({"eventTime", "declarationTime", "time", "startTime", "endTime"})


def _cbv(event: dict) -> dict:
    """Both sides in URN form for the CBV fields (JSON sends bare words, XML URNs)."""
    e = copy.deepcopy(event)
    for key in ("bizStep", "disposition"):
        if key in e:
            e[key] = vocabulary.expand(key, e[key])
    for bt in e.get("bizTransactionList", ()):
        if "type" in bt:
            bt["type"] = vocabulary.expand("bizTransactionType", bt["type"])
    for key in ("sourceList", "destinationList"):
        for sd in e.get(key, ()):
            sd["type"] = vocabulary.expand("sourceDestType", sd["type"])
    if "persistentDisposition" in e:
        e["persistentDisposition"] = {k: [vocabulary.expand("disposition", d) for d in v]
                                      for k, v in e["persistentDisposition"].items()}
    if "reason" in e.get("errorDeclaration", {}):
        e["errorDeclaration"]["reason"] = vocabulary.expand("errorReason", e["errorDeclaration"]["reason"])
    for element in e.get("sensorElementList", ()):
        for report in element.get("sensorReport", ()):
            # XML writes the gs1: CURIE ("gs1:Temperature"); JSON-LD's context makes the bare term mean the same
            for key in ("type", "exception"):
                if isinstance(report.get(key), str):
                    report[key] = report[key].removeprefix("gs1:").removeprefix("https://gs1.org/voc/")
    return e


def _normal(value, key=None):
    """Numbers as numbers, "true"/"false" as booleans, times as instants, xsi:type-only wrappers unwrapped."""
    if isinstance(value, dict):
        if "#text" in value and set(value) <= {"#text", "@attributes"} \
                and set(value.get("@attributes", {})) <= {"xsi:type"}:
            return _normal(value["#text"], key)
        return {k: _normal(v, k) for k, v in value.items() if k != "@context"}
    if isinstance(value, list):
        return [_normal(v, key) for v in value]
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        if key in _TIMES:
            # The JSON files often restate the XML's local time in UTC (or with 6 fraction digits);
            # eventTimeZoneOffset carries the offset separately, so the instant is what must agree.
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
        if value in ("true", "false"):
            return value == "true"
    return value


def _diff(a, b, path="") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in sorted(set(a) | set(b)):
            if k not in a:
                out.append(f"{path}/{k}")
            elif k not in b:
                out.append(f"{path}/{k}")
            else:
                out += _diff(a[k], b[k], f"{path}/{k}")
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in _diff(x, y, f"{path}/{i}")]
    return [] if a == b else [path]


_FULL_COMBINATION_EXT = {
    # The XML nests ext1:array's last item as ext1:array/ext1:object/{ext2:…}; the JSON file wraps it once
    # more (ext1:object/ext1:object/{…}), and ext1:object/ext2:object holds ext3:string in XML but
    # ext2:object/ext3:string in JSON: GS1's two files disagree on the nesting.
    "/ext1:array/5/ext1:object": "nesting differs between GS1's XML and JSON files",
    "/ext1:object/ext2:object": "nesting differs between GS1's XML and JSON files",
    "/sensorElementList/0/ext1:array/5/ext1:object": "nesting differs between GS1's XML and JSON files",
    "/sensorElementList/0/ext1:object/ext2:object": "nesting differs between GS1's XML and JSON files",
    "/certificationInfo": "only the JSON file has certificationInfo",
    "/errorDeclaration": "only the JSON file has an errorDeclaration",
}
# object_event_all_possible_fields: the XML file has no event-level extensions and fewer sensorElement ones
_JSON_ONLY_EXT = {
    **{f"/ext1:{name}": "only the JSON file has event-level extensions"
       for name in ("array", "boolean", "default", "float", "int", "object", "string", "time")},
    **{f"/sensorElementList/0/ext1:{name}": "the JSON file has more sensorElement extensions than the XML"
       for name in ("array", "float", "int", "time")},
}

# (XML file, event index, JSON file, event index, {differing path prefix: why GS1's two files differ}).
# eventID is absent from every XML example but present in most JSON ones (GS1 added hash IDs to the JSON);
# it is dropped from the JSON side whenever the XML event has none.
PAIRS = [
    *[("Example_9.6.1-ObjectEvent-2020_06_18a.xml", i, "Example_9.6.1-ObjectEvent.jsonld", i, {}) for i in (0, 1)],
    *[("Example-TransactionEvent-2020_07_03y.xml", i, "Example-TransactionEvents-2020_07_03y.jsonld", i,
       {"/rail:vehicle/1/rail:vehicleMasterGIAI": "the JSON file leaves out one vehicle's master GIAI"}
       if i == 1 else {}) for i in (0, 1)],
    *[("WithErrorDeclaration/ErrorDeclarationAndCorrectiveEvent.xml", i,
       "WithErrorDeclaration/ErrorDeclarationAndCorrectiveEvent.jsonld", i, {
           "/inputQuantityList/0/quantity": "XML sends xsi:nil (unknown quantity); JSON gives a quantity",
           "/inputQuantityList/0/uom": "XML sends no uom; JSON gives one",
           "/readPoint/id": "the files use different read points",
       }) for i in (0, 1)],
    ("WithSensorData/SensorDataExamples.xml", 0, "WithSensorData/SensorDataExample1.jsonld", 0, {}),
    ("WithSensorData/SensorDataExamples.xml", 1, "WithSensorData/SensorDataExample2.jsonld", 0, {}),
    ("WithSensorData/SensorDataExamples.xml", 2, "WithSensorData/SensorDataExample3.jsonld", 0, {}),
    ("WithSensorData/SensorDataExamples.xml", 3, "WithSensorData/SensorDataExample4.jsonld", 0, {
        **{f"/sensorElementList/0/sensorReport/{i}/rawData": "JSON gives per-device rawData URLs"
           for i in range(4)}}),
    ("WithSensorData/SensorDataExamples.xml", 4, "WithSensorData/SensorDataExample5.jsonld", 0, {}),
    ("WithSensorData/SensorDataExamples.xml", 5, "WithSensorData/SensorDataExample6.jsonld", 0, {
        "/epcList": "JSON names an SGTIN, the XML event none", "/quantityList": "only JSON has a quantityList",
        "/sensorElementList/0/example:furtherSensorData": "XML: one element with two measures; JSON: a list",
    }),
    ("WithSensorData/SensorDataExamples.xml", 6, "WithSensorData/SensorDataExample7.jsonld", 0, {
        "/sensorElementList/0/sensorReport/4/hexBinaryValue": "same hexBinary value, different letter case",
    }),
    ("WithSensorData/SensorDataExamples.xml", 7, "WithSensorData/SensorDataExample8.jsonld", 0, {
        "/childEPCs": "XML sends an empty childEPCs list, JSON none",
        "/sensorElementList/0/sensorReport/1/type": "older measurement type name in XML (Molar_concentration)",
        "/sensorElementList/0/sensorReport/2/type": "older measurement type name in XML (Molar_concentration)",
        "/sensorElementList/1/example:furtherSensorData": "XML: one element with two measures; JSON: a list",
    }),
    ("WithSensorData/SensorDataExamples.xml", 8, "WithSensorData/SensorDataExample9.jsonld", 0, {
        "/sensorElementList/0/sensorReport/0/type": "only JSON gives a measurement type with the exception",
        "/sensorElementList/0/sensorReport/1/type": "only JSON gives a measurement type with the exception",
    }),
    ("WithSensorData/SensorDataExamples.xml", 9, "WithSensorData/SensorDataExample10.jsonld", 0, {
        **{f"/sensorElementList/0/sensorReport/{i}/component": "XML example:x|y|z, JSON the bare CBV word"
           for i in range(3)},
        **{f"/sensorElementList/0/sensorReport/{i}/ex:feature": "only JSON has ex:feature" for i in range(3)},
    }),
    ("WithSensorData/SensorDataExamples.xml", 10, "WithSensorData/SensorDataExample11.jsonld", 0, {
        "/sensorElementList/0/sensorReport/0/type": "older measurement type name in XML (EffectiveDoseRate)",
    }),
    ("WithSensorData/SensorDataExamples.xml", 11, "WithSensorData/SensorDataExample12.jsonld", 0, {
        "/bizLocation/example:gs1ES": "only XML has this extension", "/readPoint/example:gs1ES": "only XML",
        "/example2:furtherData": "only XML has this extension",
        "/errorDeclaration/example:field": "XML: an attribute on an empty element; JSON: the text 'foo bar'",
    }),
    *[("WithSensorData/SensorDataExamples.xml", i, f"WithSensorData/SensorDataExample{n}.jsonld", 0, {
        "/bizStep": "XML: web URI with a typo ('Bizstep-'); JSON: the URN",
        "/sensorElementList/0/sensorReport/0/component": "XML: cbv:Comp-… CURIE; JSON: the bare CBV word",
        "/sensorElementList/0/sensorReport/1/component": "XML: cbv:Comp-… CURIE; JSON: the bare CBV word",
    }) for i, n in ((12, 14), (13, 15))],
    *[("AssociationEvent/AssociationEventExamples.xml", i, f"AssociationEvent/AssociationEvent-{c}.jsonld", 0,
       {}) for i, c in enumerate("abcdef")],
    ("AssociationEvent/AssociationEventExamples.xml", 6, "AssociationEvent/AssociationEvent-g.jsonld", 0, {
        "/errorDeclaration/correctiveEventIDs/0": "XML: a UUID; JSON: a hash event ID",
    }),
    ("AssociationEvent/AssociationEventExamples.xml", 7, "AssociationEvent/AssociationEvent-h.jsonld", 0, {}),
    ("WithFullCombinationOfFields/object_event_all_possible_fields.xml", 0,
     "WithFullCombinationOfFields/object_event_all_possible_fields.jsonld", 0, {
         **_JSON_ONLY_EXT, "/certificationInfo": "only JSON", "/errorDeclaration": "only JSON",
         "/ilmd": "only the JSON file has ilmd", "/action": "XML OBSERVE, JSON ADD",
         "/sensorElementList/0/ext1:object/ext2:array": "XML: one item; JSON: three",
         "/sensorElementList/0/ext1:object/ext2:object": "nesting differs between GS1's XML and JSON files",
     }),
    *[(f"WithFullCombinationOfFields/{name}_event_all_possible_fields.xml", 0,
       f"WithFullCombinationOfFields/{name}_event_all_possible_fields.jsonld", 0, {
           **_FULL_COMBINATION_EXT,
           **({"/sensorElementList/0/sensorReport/0/component": "XML example:x, JSON cbv:Comp-latitude"}
              if name == "aggregation" else {}),
           **({"/ilmd/ext1:array/5/ext1:object": "nesting differs between GS1's XML and JSON files",
               "/ilmd/ext1:object/ext2:object": "nesting differs between GS1's XML and JSON files",
               **{f"/ilmd/cbvmda:{w}Weight": "XML has a measurementUnitCode attribute; JSON drops it"
                  for w in ("drained", "gross", "net")}} if name == "transformation" else {}),
       }) for name in ("aggregation", "association", "transaction", "transformation")],
]


def _pair_id(pair) -> str:
    return f"{pair[0].split('/')[-1]}[{pair[1]}]~{pair[2].split('/')[-1]}"


@needs_gs1
@pytest.mark.parametrize("pair", PAIRS, ids=_pair_id)
def test_xml_parse_matches_gs1_json(pair):
    xml_file, xml_index, json_file, json_index, known = pair
    ours = parse_document((GS1 / "XML" / xml_file).read_bytes()).events[xml_index]
    theirs = json.loads((GS1 / "JSON" / json_file).read_text())["epcisBody"]["eventList"][json_index]
    if "eventID" not in ours:
        theirs = {k: v for k, v in theirs.items() if k != "eventID"}
    differing = _diff(_normal(_cbv(ours)), _normal(_cbv(theirs)))
    unexplained = [p for p in differing if not any(p == k or p.startswith(k + "/") for k in known)]
    assert not unexplained, f"XML parse differs from GS1's JSON at {unexplained}"
    stale = [k for k in known if not any(p == k or p.startswith(k + "/") for p in differing)]
    assert not stale, f"listed differences that no longer differ: {stale}"


@needs_gs1
def test_namespaces_and_header_are_recorded():
    doc = parse_document((GS1 / "XML" / "WithFullCombinationOfFields" / "masterdata_all_possible_fields.xml")
                         .read_bytes())
    assert doc.namespaces["ext1"] == "http://example.com/ext1/"
    vocabularies = doc.header["epcisMasterData"]["vocabularyList"]
    assert [v["type"] for v in vocabularies] == ["urn:epcglobal:epcis:vtype:BusinessLocation",
                                                 "urn:epcglobal:epcis:vtype:ReadPoint"]
    element = vocabularies[0]["vocabularyElementList"][0]
    assert element["children"] == ["urn:epc:id:sgln:0037000.00729.8201"]
    assert element["attributes"][0] == {"id": "http://example.com/ext1#string", "attribute": "stringValue"}
    assert element["attributes"][3]["attribute"]["ext1:object2"]["inner1"] == {
        "@attributes": {"xsi:type": "xsd:string"}, "#text": "val1"}


# --------------------------------------------------------------------------------------------------------
# Self-contained checks (no GS1 material needed)
# --------------------------------------------------------------------------------------------------------

JSON_EVENT = {
    "type": "ObjectEvent", "eventTime": "2024-05-01T08:00:00.000+08:00", "eventTimeZoneOffset": "+08:00",
    "epcList": ["urn:epc:id:sgtin:6901234.012345.1"], "action": "OBSERVE", "bizStep": "shipping",
    "disposition": "in_transit", "readPoint": {"id": "urn:epc:id:sgln:6901234.00001.0"},
    "bizTransactionList": [{"type": "po", "bizTransaction": "urn:epcglobal:cbv:bt:6901234000017:42"}],
    "quantityList": [{"epcClass": "urn:epc:class:lgtin:6901234.012345.L1", "quantity": 2.5, "uom": "KGM"}],
    "sourceList": [{"type": "owning_party", "source": "urn:epc:id:pgln:6901234.00001"}],
    "persistentDisposition": {"set": ["completeness_verified"]},
    "ft:batch": {"ft:line": "A", "@attributes": {"ft:shift": "night"}},
}


def test_json_born_event_gets_urns_and_round_trips():
    out = serialise_document([JSON_EVENT], {"ft": "https://foodtrace.example/ns"},
                             creation_date="2024-05-01T00:00:00Z")
    text = out.decode()
    for urn in ("urn:epcglobal:cbv:bizstep:shipping", "urn:epcglobal:cbv:disp:in_transit",
                'type="urn:epcglobal:cbv:btt:po"', 'type="urn:epcglobal:cbv:sdt:owning_party"',
                "urn:epcglobal:cbv:disp:completeness_verified"):
        assert urn in text
    doc = parse_document(out)
    assert doc.namespaces == {"ft": "https://foodtrace.example/ns"}
    (event,) = doc.events
    assert event["quantityList"] == JSON_EVENT["quantityList"]
    assert event["ft:batch"] == JSON_EVENT["ft:batch"]
    assert vocabulary.compact("bizStep", event["bizStep"]) == "shipping"
    if GS1 is not None:
        xmlschema = pytest.importorskip("xmlschema")
        schema = xmlschema.XMLSchema(str(GS1 / "XSD" / "EPCglobal-epcis-2_0.xsd"))
        assert schema.is_valid(text)


def test_undeclared_extension_prefix_is_refused():
    with pytest.raises(EPCISError) as exc:
        serialise_document([{**JSON_EVENT, "nope:x": "1"}], {"ft": "https://foodtrace.example/ns"})
    assert "nope" in exc.value.detail


def test_same_namespace_under_two_prefixes_gets_one_key():
    data = (b'<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" xmlns:a="urn:x" '
            b'schemaVersion="2.0" creationDate="2024-01-01T00:00:00Z"><EPCISBody><EventList><ObjectEvent>'
            b'<eventTime>2024-01-01T00:00:00Z</eventTime><eventTimeZoneOffset>+00:00</eventTimeZoneOffset>'
            b'<action>OBSERVE</action><a:one>1</a:one><b:two xmlns:b="urn:x">2</b:two>'
            b'</ObjectEvent></EventList></EPCISBody></epcis:EPCISDocument>')
    doc = parse_document(data)
    assert doc.namespaces == {"a": "urn:x"}
    assert doc.events[0]["a:one"] == "1" and doc.events[0]["a:two"] == "2"


_XSI_DOC = (b'<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" xmlns:ft="https://foodtrace.example/ns" '
            b'xmlns:xs="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
            b'schemaVersion="2.0" creationDate="2024-01-01T00:00:00Z"><EPCISBody><EventList><ObjectEvent>'
            b'<eventTime>2024-01-01T00:00:00Z</eventTime><eventTimeZoneOffset>+00:00</eventTimeZoneOffset>'
            b'<epcList/><action>OBSERVE</action><ft:w xs:type="xsd:decimal">2.5</ft:w>'
            b'</ObjectEvent></EventList></EPCISBody></epcis:EPCISDocument>')


def test_xsi_is_recorded_like_any_prefix_it_emits():
    from foodtrace.epcis.rules import validate_document

    plain = parse_document(_XSI_DOC.replace(b' xs:type="xsd:decimal"', b""))
    assert "xsi" not in plain.namespaces  # only recorded once a key uses it
    doc = parse_document(_XSI_DOC)
    # whatever the document called it, the XML Schema instance namespace is "xsi"
    assert doc.events[0]["ft:w"] == {"@attributes": {"xsi:type": "xsd:decimal"}, "#text": "2.5"}
    assert doc.namespaces["xsi"] == "http://www.w3.org/2001/XMLSchema-instance"
    validate_document(doc)  # the key's prefix is declared: the event validates on its own
    again = parse_document(serialise_document(doc.events, doc.namespaces, creation_date="2024-01-01T00:00:00Z"))
    assert again.events == doc.events and again.namespaces == doc.namespaces


def test_a_foreign_namespace_bound_to_xsi_does_not_take_the_xsi_prefix():
    data = _XSI_DOC.replace(b'xmlns:ft="https://foodtrace.example/ns"', b'xmlns:xsi="https://example.com/xsi"')
    data = data.replace(b"ft:w", b"xsi:w")
    doc = parse_document(data)
    (key,) = [k for k in doc.events[0] if ":" in k]
    prefix = key.split(":")[0]
    assert prefix != "xsi" and doc.namespaces[prefix] == "https://example.com/xsi"
    assert doc.events[0][key]["@attributes"] == {"xsi:type": "xsd:decimal"}
    assert doc.namespaces["xsi"] == "http://www.w3.org/2001/XMLSchema-instance"


def test_query_document_is_read():
    data = serialise_document([JSON_EVENT], {"ft": "https://foodtrace.example/ns"},
                              document_type="EPCISQueryDocument", query_name="SimpleEventQuery",
                              subscription_id="sub-1")
    assert etree.QName(etree.fromstring(data)).namespace == EPCISQ_NS
    doc = parse_document(data)
    assert (doc.document_type, doc.query_name, doc.subscription_id) == ("EPCISQueryDocument",
                                                                       "SimpleEventQuery", "sub-1")
    assert doc.events[0]["ft:batch"]["ft:line"] == "A"


def test_malformed_xml_is_refused_with_its_line():
    data = b'<?xml version="1.0"?>\n<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2">\n<EPCISBody>\n'
    with pytest.raises(EPCISError) as exc:
        parse_document(data)
    assert exc.value.type == "ValidationException"
    assert "line" in exc.value.detail


def test_not_an_epcis_document_is_refused():
    with pytest.raises(EPCISError, match=r"not an EPCIS 2\.0"):
        parse_document(b"<html><body/></html>")


def test_billion_laughs_is_refused_quickly():
    lol = ['<!ENTITY lol "lol">']
    for i in range(1, 10):
        lol.append(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">')
    data = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [' + "\n".join(lol) + ']>\n'
            '<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" schemaVersion="2.0" '
            'creationDate="2024-01-01T00:00:00Z"><EPCISBody><EventList><ObjectEvent>'
            '<eventTime>2024-01-01T00:00:00Z</eventTime><eventTimeZoneOffset>+00:00</eventTimeZoneOffset>'
            '<action>OBSERVE</action><x:y xmlns:x="urn:x">&lol9;</x:y></ObjectEvent></EventList></EPCISBody>'
            '</epcis:EPCISDocument>').encode()
    started = time.monotonic()
    with pytest.raises(EPCISError, match="XML bomb") as exc:
        parse_document(data)
    assert exc.value.type == "ValidationException"
    assert time.monotonic() - started < 5


def test_external_entity_is_not_fetched():
    data = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            b'<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2"><EPCISBody/></epcis:EPCISDocument>')
    with pytest.raises(EPCISError, match="XML bomb"):
        parse_document(data)


def _generated(n: int) -> bytes:
    events = [{**JSON_EVENT, "epcList": [f"urn:epc:id:sgtin:6901234.012345.{i}"]} for i in range(n)]
    return serialise_document(events, {"ft": "https://foodtrace.example/ns"}, creation_date="2024-05-01T00:00:00Z")


def test_parse_speed_is_reported(capsys):
    """10,000 generated events; the rate is printed for the report, not asserted."""
    data = _generated(10_000)
    started = time.perf_counter()
    doc = parse_document(data)
    elapsed = time.perf_counter() - started
    assert len(doc.events) == 10_000
    with capsys.disabled():
        print(f"\nEPCIS XML parse: {len(doc.events) / elapsed:,.0f} events/s ({len(data) / 1e6:.1f} MB)")
