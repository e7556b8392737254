"""Writing the internal model as EPCIS 2.0 XML that validates against the 2.0 XSD (``serialise_document``)."""

from __future__ import annotations

import datetime as _dt

from lxml import etree

from foodtrace.epcis import vocabulary
from foodtrace.epcis.errors import EPCISError
from foodtrace.epcis.model import EPCIS_NS
from foodtrace.epcis.xml.names import (
    _BASE_ORDER,
    _BINDING_NAMESPACES,
    _DEFAULT_PREFIXES,
    _EPC_LISTS,
    _EVENT_ORDER,
    _QUANTITY_LISTS,
    _TEXT_FIELDS,
    EPCISQ_NS,
    SBDH_NS,
    XML_NS,
    XSI_NS,
    _format_number,
)

# ---------------------------------------------------------------------------------------------------------
# Serialisation
# ---------------------------------------------------------------------------------------------------------

class _Writer:
    def __init__(self, namespaces: dict[str, str]):
        self.prefix_ns = {p: ns for p, ns in (namespaces or {}).items() if p and ns not in _BINDING_NAMESPACES}
        self.used: dict[str, str] = {}

    def tag(self, key: str, where: str = "") -> str:
        """An extension key ("prefix:local", a bare local name, or a full IRI) → a Clark-notation tag."""
        if ":" not in key:
            return key
        if "://" in key or key.startswith("urn:"):
            # A full IRI as key (JSON-LD allows it): namespace = up to the last '/' or '#'
            cut = max(key.rfind("/"), key.rfind("#")) + 1
            ns, local = key[:cut], key[cut:]
            if not local or ns == "":
                raise EPCISError(type="ValidationException", detail=f"cannot express key {key!r} as XML{where}")
            return f"{{{ns}}}{local}"
        prefix, _, local = key.partition(":")
        if prefix == "xml":
            return f"{{{XML_NS}}}{local}"
        ns = self.prefix_ns.get(prefix) or _DEFAULT_PREFIXES.get(prefix)
        if ns is None:
            raise EPCISError(type="ValidationException",
                             detail=f"extension {key!r}{where} uses prefix {prefix!r}, which no namespace declares")
        self.used.setdefault(prefix, ns)
        return f"{{{ns}}}{local}"

    def ext(self, parent, key: str, value, where: str = "") -> None:
        if isinstance(value, list):
            for item in value:
                self.ext(parent, key, item, where)
            return
        el = etree.SubElement(parent, self.tag(key, where))
        self.fill(el, value, where)

    def fill(self, el, value, where: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                if k == "@attributes":
                    for name, attr in v.items():
                        el.set(self.tag(name, where), _format_number(attr))
                elif k == "#text":
                    el.text = _format_number(v)
                else:
                    self.ext(el, k, v, where)
        elif value is not None:
            el.text = _format_number(value)

    # -- events -----------------------------------------------------------------------------------------
    def event(self, parent, event: dict, index: int) -> None:
        event_type = event.get("type")
        order = _EVENT_ORDER.get(event_type)
        if order is None:
            raise EPCISError(type="ValidationException", detail=f"unknown event type {event_type!r}",
                             pointer=f"epcisBody.eventList[{index}].type", event_index=index)
        el = etree.SubElement(parent, event_type)
        allowed = set(_BASE_ORDER) | set(order)
        extensions = []
        for key in event:
            if ":" in key:
                extensions.append(key)
            elif key not in allowed and key != "type" and not key.startswith("@"):
                raise EPCISError(type="ValidationException",
                                 detail=f"field {key!r} cannot be expressed in XML for {event_type}",
                                 pointer=f"epcisBody.eventList[{index}].{key}", event_index=index)
        for key in (*_BASE_ORDER, *order):
            if key in event and event[key] is not None:
                self.field(el, key, event[key])
        for key in extensions:
            # §9.4: user extension elements follow the standard fields (the xsd:any ##other wildcard)
            self.ext(el, key, event[key], f" in event {index}")

    def field(self, el, key: str, value) -> None:
        sub = etree.SubElement(el, key)
        if key in _TEXT_FIELDS:
            if key == "bizStep":
                value = vocabulary.expand("bizStep", value)
            elif key == "disposition":
                value = vocabulary.expand("disposition", value)
            sub.text = str(value)
        elif key in _EPC_LISTS:
            for epc in value:
                etree.SubElement(sub, "epc").text = epc
        elif key in _QUANTITY_LISTS:
            for q in value:
                self.quantity(sub, q)
        elif key == "bizTransactionList":
            for bt in value:
                item = etree.SubElement(sub, "bizTransaction")
                if bt.get("type"):
                    item.set("type", vocabulary.expand("bizTransactionType", bt["type"]))
                item.text = bt.get("bizTransaction", "")
        elif key in ("sourceList", "destinationList"):
            name = key[: -len("List")]
            for sd in value:
                item = etree.SubElement(sub, name)
                item.set("type", vocabulary.expand("sourceDestType", sd.get("type", "")))
                item.text = sd.get(name, "")
        elif key in ("readPoint", "bizLocation"):
            etree.SubElement(sub, "id").text = value.get("id", "")
            for k, v in value.items():
                if k != "id":
                    self.ext(sub, k, v, f" in {key}")
        elif key == "sensorElementList":
            for element in value:
                self.sensor_element(sub, element)
        elif key == "errorDeclaration":
            self.error_declaration(sub, value)
        elif key == "persistentDisposition":
            for part in ("unset", "set"):  # XSD order: unset before set
                for disp in value.get(part, ()):
                    etree.SubElement(sub, part).text = vocabulary.expand("disposition", disp)
        elif key == "ilmd":
            for k, v in value.items():
                self.ext(sub, k, v, " in ilmd")

    def quantity(self, parent, q: dict) -> None:
        el = etree.SubElement(parent, "quantityElement")
        etree.SubElement(el, "epcClass").text = q.get("epcClass", "")
        if q.get("quantity") is not None:
            etree.SubElement(el, "quantity").text = _format_number(q["quantity"])
        elif q.get("uom"):
            # uom may only follow a quantity (XSD sequence); an unknown quantity is xsi:nil
            etree.SubElement(el, "quantity").set(f"{{{XSI_NS}}}nil", "true")
        if q.get("uom"):
            etree.SubElement(el, "uom").text = q["uom"]

    def sensor_element(self, parent, element: dict) -> None:
        el = etree.SubElement(parent, "sensorElement")
        if "sensorMetadata" in element:
            self.sensor_attrs(etree.SubElement(el, "sensorMetadata"), element["sensorMetadata"])
        for report in element.get("sensorReport", ()):
            self.sensor_attrs(etree.SubElement(el, "sensorReport"), report)
        for k, v in element.items():
            if k not in ("sensorMetadata", "sensorReport", "type", "@type"):
                self.ext(el, k, v, " in sensorElement")

    def sensor_attrs(self, el, attrs: dict) -> None:
        for name, value in attrs.items():
            if name.startswith("@"):
                continue
            el.set(self.tag(name, " in sensor data"), _format_number(value))

    def error_declaration(self, el, value: dict) -> None:
        if "declarationTime" in value:
            etree.SubElement(el, "declarationTime").text = value["declarationTime"]
        if value.get("reason"):
            etree.SubElement(el, "reason").text = vocabulary.expand("errorReason", value["reason"])
        if "correctiveEventIDs" in value:
            ids = etree.SubElement(el, "correctiveEventIDs")
            for event_id in value["correctiveEventIDs"]:
                etree.SubElement(ids, "correctiveEventID").text = event_id
        for k, v in value.items():
            if k not in ("declarationTime", "reason", "correctiveEventIDs"):
                self.ext(el, k, v, " in errorDeclaration")

    # -- header -----------------------------------------------------------------------------------------
    def header(self, root, header: dict | None) -> None:
        if not header:
            return
        sbdh = [k for k in header if ":" in k and self.tag(k) == f"{{{SBDH_NS}}}StandardBusinessDocumentHeader"]
        master = (header.get("epcisMasterData") or {}).get("vocabularyList")
        if not sbdh and master is None:
            return  # EPCISHeaderType has no place for anything else
        el = etree.SubElement(root, "EPCISHeader")
        for key in sbdh:
            self.ext(el, key, header[key], " in EPCISHeader")
        if master is not None:
            md = etree.SubElement(etree.SubElement(el, "extension"), "EPCISMasterData")
            self.vocabulary_list(md, master)

    def vocabulary_list(self, parent, vocabularies: list) -> None:
        vl = etree.SubElement(parent, "VocabularyList")
        for voc in vocabularies:
            v = etree.SubElement(vl, "Vocabulary", type=voc["type"])
            elements = voc.get("vocabularyElementList")
            if elements is None:
                continue
            vel = etree.SubElement(v, "VocabularyElementList")
            for item in elements:
                ve = etree.SubElement(vel, "VocabularyElement", id=item["id"])
                for attribute in item.get("attributes", ()):
                    a = etree.SubElement(ve, "attribute", id=attribute["id"])
                    if "attribute" in attribute:
                        self.fill(a, attribute["attribute"], " in master data")
                if "children" in item:
                    children = etree.SubElement(ve, "children")
                    for child_id in item["children"]:
                        etree.SubElement(children, "id").text = child_id


def serialise_document(events, namespaces, *, document_type="EPCISDocument", creation_date=None,
                       query_name=None, header=None, schema_version="2.0", subscription_id=None) -> bytes:
    """Write events (JSON form) as an EPCIS 2.0 XML document that validates against GS1's 2.0 XSD.

    Bare CBV words are expanded to their URNs, because the XML binding types these fields as URIs.
    ``namespaces`` maps extension prefixes to namespace IRIs (as EPCISDocument.namespaces does).
    """
    if document_type not in ("EPCISDocument", "EPCISQueryDocument"):
        raise ValueError(f"unknown document type {document_type!r}")
    writer = _Writer(namespaces)
    if creation_date is None:
        creation_date = _dt.datetime.now(_dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    is_query = document_type == "EPCISQueryDocument"
    root_tag = f"{{{EPCISQ_NS}}}EPCISQueryDocument" if is_query else f"{{{EPCIS_NS}}}EPCISDocument"
    # Build the body under a scratch root first: which prefixes are used is only known afterwards, and lxml
    # fixes a root's namespace declarations when it is created.
    scratch = etree.Element("scratch")
    writer.header(scratch, header)
    body = etree.SubElement(scratch, "EPCISBody")
    if is_query:
        results = etree.SubElement(body, f"{{{EPCISQ_NS}}}QueryResults")
        etree.SubElement(results, "queryName").text = query_name or "SimpleEventQuery"
        if subscription_id:
            etree.SubElement(results, "subscriptionID").text = subscription_id
        event_list = etree.SubElement(etree.SubElement(results, "resultsBody"), "EventList")
    else:
        event_list = etree.SubElement(body, "EventList")
    for index, event in enumerate(events):
        writer.event(event_list, event, index)

    nsmap = {"epcis": EPCIS_NS, "xsi": XSI_NS}
    if is_query:
        nsmap["epcisq"] = EPCISQ_NS
    for prefix, ns in {**writer.prefix_ns, **writer.used}.items():
        if prefix not in nsmap and prefix != "xml":
            nsmap[prefix] = ns
    root = etree.Element(root_tag, nsmap=nsmap)
    root.set("schemaVersion", schema_version or "2.0")
    root.set("creationDate", creation_date)
    root.extend(list(scratch))
    # Declare every namespace once, on the root, with the document's prefixes; keep the declared-but-unused
    # ones too, as QName content (xsi:type="xsd:boolean") may refer to them.
    etree.cleanup_namespaces(root, top_nsmap=nsmap, keep_ns_prefixes=list(nsmap))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
