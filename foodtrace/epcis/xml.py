"""The EPCIS 2.0 XML binding (EPCIS 2.0 §9 / GS1's EPCglobal-epcis-2_0.xsd) in and out of the internal model.

``parse_document`` turns an ``epcis:EPCISDocument`` or ``epcisq:EPCISQueryDocument`` into an
:class:`~foodtrace.epcis.model.EPCISDocument` whose events are dicts in the compact JSON form (see
``model.py``); ``serialise_document`` is the inverse and produces XML that validates against the 2.0 XSD.

Mapping notes (XML → JSON form):
- Lists of identifiers (``epcList`` …) become lists of strings; ``quantityElement`` becomes
  ``{"epcClass", "quantity", "uom"}`` with a numeric quantity (an ``xsi:nil`` quantity is left out);
  ``bizTransaction``/``source``/``destination`` become ``{"type", <name>}`` dicts; ``readPoint`` and
  ``bizLocation`` become ``{"id": …}`` plus their extension children.
- EPCIS 1.x placed several fields inside ``<extension>`` / ``<baseExtension>`` wrappers; 2.0 moved them to
  the event root (see the "2.0 moved to event root" comments in the XSD). Documents written the 1.x way are
  still read: the children of such wrappers are processed as if they stood at the event root.
- Any element in a non-EPCIS namespace is a user extension (§9.4): key ``"prefix:localName"`` with the
  prefix the document declared; nested elements → dicts, repeated elements → lists, text → strings,
  XML attributes under ``"@attributes"`` and, where an element has attributes or child elements as well
  as text, that text under ``"#text"``. Unqualified children of an extension element keep their bare
  local name. Every prefix used in a key is recorded in the document's ``namespaces``, including ``xsi``
  (``"@attributes": {"xsi:type": …}``) and ``xml`` (``xml:lang``), which are always written with those
  prefixes whatever the document called them. (values.py does not treat xsi as predeclared: a JSON
  document that uses it must declare it in its @context like any other prefix.)
- CBV values are kept exactly as sent (the XML binding sends URNs). Times are strings as sent.
- ``EPCISHeader`` becomes the JSON binding's ``epcisHeader`` shape: master data under
  ``{"epcisMasterData": {"vocabularyList": [...]}}``; the SBDH is kept as a generic extension element
  (key ``"sbdh:StandardBusinessDocumentHeader"`` or whatever prefix the document used).

Parsing is defused: no network access, no DTD loading, no entity expansion, no huge trees, and a
document whose internal DTD declares entities is refused outright (XML bombs).
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from lxml import etree

from foodtrace.epcis import vocabulary
from foodtrace.epcis.errors import EPCISError
from foodtrace.epcis.model import CBV_MDA_NS, EPCIS_NS, EVENT_TYPES, EPCISDocument

EPCISQ_NS = "urn:epcglobal:epcis-query:xsd:2"
SBDH_NS = "http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"

_BINDING_NAMESPACES = frozenset({EPCIS_NS, EPCISQ_NS})
# Prefixes a JSON-born event may use without declaring them (they come from GS1's JSON-LD context or are
# conventional); the XML binding needs a namespace for every element, so these fill the gap.
_DEFAULT_PREFIXES = {
    "sbdh": SBDH_NS,
    "xsi": XSI_NS,
    "xsd": "http://www.w3.org/2001/XMLSchema",
    "cbvmda": CBV_MDA_NS,  # the XML binding's master-data namespace (JSON-LD writes it with a trailing ':')
    "gs1": "https://gs1.org/voc/",
    "cbv": "https://ref.gs1.org/cbv/",
}

_EPC_LISTS = frozenset({"epcList", "childEPCs", "inputEPCList", "outputEPCList"})
_QUANTITY_LISTS = frozenset({"quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList"})
_TEXT_FIELDS = frozenset({
    "eventTime", "recordTime", "eventTimeZoneOffset", "eventID", "certificationInfo", "action", "bizStep",
    "disposition", "parentID", "transformationID",
})
# SensorReport/SensorMetadata attributes typed xsd:double / xsd:boolean in the XSD; the JSON binding
# carries them as JSON numbers / booleans, everything else as strings.
_SENSOR_NUMBERS = frozenset({"value", "minValue", "maxValue", "sDev", "meanValue", "percRank", "percValue"})
_SENSOR_BOOLEANS = frozenset({"booleanValue"})

# Element order of each event type, from EPCglobal-epcis-2_0.xsd (EPCISEventType, then the type's own
# sequence). The XSD is a strict sequence, so serialisation must follow it.
_BASE_ORDER = ("eventTime", "recordTime", "eventTimeZoneOffset", "eventID", "errorDeclaration", "certificationInfo")
_TAIL = ("sourceList", "destinationList", "sensorElementList", "persistentDisposition")
_WHERE_WHY = ("bizStep", "disposition", "readPoint", "bizLocation")
_EVENT_ORDER = {
    "ObjectEvent": ("epcList", "action", *_WHERE_WHY, "bizTransactionList", "quantityList", *_TAIL, "ilmd"),
    "AggregationEvent": ("parentID", "childEPCs", "action", *_WHERE_WHY, "bizTransactionList",
                         "childQuantityList", *_TAIL),
    "TransactionEvent": ("bizTransactionList", "parentID", "epcList", "action", *_WHERE_WHY, "quantityList",
                         *_TAIL),
    "TransformationEvent": ("inputEPCList", "inputQuantityList", "outputEPCList", "outputQuantityList",
                            "transformationID", *_WHERE_WHY, "bizTransactionList", *_TAIL, "ilmd"),
    "AssociationEvent": ("parentID", "childEPCs", "childQuantityList", "action", *_WHERE_WHY,
                         "bizTransactionList", *_TAIL),
}


@dataclass
class XMLDocument(EPCISDocument):
    """An EPCISDocument read from XML; a query document also carries its QueryResults header fields."""

    query_name: str | None = None
    subscription_id: str | None = None


def _number(text: str) -> int | float:
    """xsd:decimal / xsd:double text → a JSON number: int when integral (as GS1's JSON writes 200), else float."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return float(text)  # "INF", "NaN" and friends are valid xsd:double; float() knows them or raises
    if value.is_finite() and value == value.to_integral_value():
        return int(value)
    return float(value)


def _format_number(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value):
            if value.is_integer():
                return str(int(value))
            # repr gives the shortest round-tripping digits; Decimal avoids "1e-07", which xsd:decimal refuses
            return format(Decimal(repr(value)), "f")
        return "INF" if value > 0 else ("-INF" if value < 0 else "NaN")
    return str(value)


def _local(tag: str) -> tuple[str | None, str]:
    if tag[0] == "{":
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return None, tag


def _fail(detail: str, node=None, event_index: int | None = None) -> EPCISError:
    line = getattr(node, "sourceline", None)
    if line:
        detail = f"{detail} (line {line})"
    pointer = f"epcisBody.eventList[{event_index}]" if event_index is not None else None
    return EPCISError(type="ValidationException", detail=detail, pointer=pointer, event_index=event_index)


class _Reader:
    """One document's parse state: the prefix ↔ namespace maps built while reading extensions."""

    def __init__(self, root):
        self.prefix_ns: dict[str, str] = {}
        # xsi (xsi:type, xsi:nil) and xml (xml:lang) belong to XML itself: always these prefixes, whatever
        # the document called them. Like every other prefix, they are recorded in prefix_ns (and so in the
        # document's namespaces) once a key uses them, so an event that carries "xsi:type" among its
        # "@attributes" declares xsi like any extension prefix and validates on its own.
        self.ns_prefix: dict[str, str] = {XSI_NS: "xsi", XML_NS: "xml"}
        # The root's declarations come first so the document's own prefixes win; a prefix that is needed
        # to interpret QName content (xsi:type="xsd:boolean") survives a round trip that way too.
        for prefix, ns in root.nsmap.items():
            if ns not in _BINDING_NAMESPACES and ns not in self.ns_prefix:
                self._register(ns, prefix)

    # -- names -------------------------------------------------------------------------------------------
    def _register(self, ns: str, hint: str | None) -> str:
        prefix = self.ns_prefix.get(ns)
        if prefix is not None:
            # one namespace, one prefix, whatever other prefixes the document used for it
            self.prefix_ns.setdefault(prefix, ns)
            return prefix
        if not hint or hint in self.prefix_ns or hint in ("xsi", "xml"):
            n = 1
            base = hint or "ns"
            while f"{base}{n}" in self.prefix_ns:
                n += 1
            hint = f"{base}{n}"
        self.prefix_ns[hint] = ns
        self.ns_prefix[ns] = hint
        return hint

    def key(self, node, tag: str, attribute: bool = False) -> str:
        """The JSON key of an element (or, with attribute=True, of one of node's attributes)."""
        ns, local = _local(tag)
        if ns is None:
            return local
        prefix = self.ns_prefix.get(ns)
        if prefix is None or prefix not in self.prefix_ns:  # new, or xsi / xml used for the first time
            prefix = self._register(ns, _attr_prefix(node, ns) if attribute else node.prefix)
        return f"{prefix}:{local}"

    # -- generic extension content (§9.4) -----------------------------------------------------------------
    def ext_value(self, el):
        attrs = {self.key(el, name, True): value for name, value in el.attrib.items()} if el.attrib else None
        children = [c for c in el if isinstance(c.tag, str)]
        text = el.text or ""
        if not children:
            if attrs is None:
                return text
            out = {"@attributes": attrs}
            if text:
                out["#text"] = text
            return out
        out = {}
        if attrs is not None:
            out["@attributes"] = attrs
        self.ext_into(out, children)
        mixed = "".join([text] + [c.tail or "" for c in children])
        if mixed.strip():
            out["#text"] = mixed.strip()
        return out

    def ext_into(self, target: dict, children) -> None:
        for child in children:
            self.add(target, self.key(child, child.tag), self.ext_value(child))

    @staticmethod
    def add(target: dict, key: str, value) -> None:
        if key in target:
            current = target[key]
            if isinstance(current, list) and getattr(current, "_repeated", False):
                current.append(value)
            else:
                target[key] = _Repeated([current, value])
        else:
            target[key] = value

    # -- events -----------------------------------------------------------------------------------------
    def event(self, el, event_type: str, index: int) -> dict:
        event: dict = {"type": event_type}
        self._event_fields(event, el, index)
        return _plain(event)

    def _event_fields(self, event: dict, parent, index: int) -> None:
        for child in parent:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag[0] == "{":
                self.add(event, self.key(child, tag), self.ext_value(child))
            elif tag in _TEXT_FIELDS:
                event[tag] = _text(child)
            elif tag in _EPC_LISTS:
                event[tag] = [_text(epc) for epc in child if isinstance(epc.tag, str)]
            elif tag in _QUANTITY_LISTS:
                event[tag] = [self.quantity(q) for q in child if isinstance(q.tag, str)]
            elif tag == "bizTransactionList":
                event[tag] = [_typed(bt, "bizTransaction") for bt in child if isinstance(bt.tag, str)]
            elif tag == "sourceList":
                event[tag] = [_typed(s, "source") for s in child if isinstance(s.tag, str)]
            elif tag == "destinationList":
                event[tag] = [_typed(d, "destination") for d in child if isinstance(d.tag, str)]
            elif tag in ("readPoint", "bizLocation"):
                event[tag] = self.location(child)
            elif tag == "sensorElementList":
                event[tag] = [self.sensor_element(s) for s in child if s.tag == "sensorElement"]
            elif tag == "errorDeclaration":
                event[tag] = self.error_declaration(child)
            elif tag == "persistentDisposition":
                event[tag] = _persistent_disposition(child)
            elif tag == "ilmd":
                event[tag] = self.flat_extension(child)
            elif tag in ("extension", "baseExtension", "extension2"):
                # 1.x wrappers (EPCIS 1.2 §9): their children are fields of the event itself
                self._event_fields(event, child, index)
            else:
                raise _fail(f"unexpected element <{tag}> in an EPCIS event", child, index)

    def flat_extension(self, el) -> dict:
        """Children of ilmd / readPoint / … with any <extension> wrapper flattened into the same dict."""
        out: dict = {}
        for child in el:
            if not isinstance(child.tag, str):
                continue
            self.add_extension_child(out, child)
        return out

    def add_extension_child(self, out: dict, child) -> None:
        """A child that is not a standard field: an <extension> wrapper is flattened, anything else kept
        as a namespaced extension key."""
        if child.tag == "extension":
            for k, v in self.flat_extension(child).items():
                self.add(out, k, v)
        else:
            self.add(out, self.key(child, child.tag), self.ext_value(child))

    def quantity(self, el) -> dict:
        out: dict = {}
        for child in el:
            tag = child.tag
            if tag == "epcClass" or tag == "uom":
                out[tag] = _text(child)
            elif tag == "quantity":
                if child.get(f"{{{XSI_NS}}}nil") not in ("true", "1"):
                    out["quantity"] = _number(child.text or "")
        return out

    def location(self, el) -> dict:
        out = self.flat_extension(el)
        if "id" in out and isinstance(out["id"], str):
            out["id"] = out["id"].strip()
        return out

    def sensor_element(self, el) -> dict:
        out: dict = {}
        reports = []
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == "sensorMetadata":
                out["sensorMetadata"] = self.sensor_attrs(child)
            elif tag == "sensorReport":
                reports.append(self.sensor_attrs(child))
                out["sensorReport"] = reports
            else:
                self.add_extension_child(out, child)
        return out

    def sensor_attrs(self, el) -> dict:
        out: dict = {}
        for name, value in el.attrib.items():
            if name in _SENSOR_NUMBERS:
                out[name] = float(value) if value.strip() else value
            elif name in _SENSOR_BOOLEANS:
                out[name] = value.strip() in ("true", "1")
            else:
                out[self.key(el, name, True)] = value
        return out

    def error_declaration(self, el) -> dict:
        out: dict = {}
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag in ("declarationTime", "reason"):
                out[tag] = _text(child)
            elif tag == "correctiveEventIDs":
                out[tag] = [_text(c) for c in child if isinstance(c.tag, str)]
            else:
                self.add_extension_child(out, child)
        return out

    # -- header and master data ---------------------------------------------------------------------------
    def header(self, el) -> dict:
        out: dict = {}
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == "extension":
                for sub in child:
                    if sub.tag == "EPCISMasterData":
                        vocab = sub.find("VocabularyList")
                        out["epcisMasterData"] = {"vocabularyList": self.vocabulary_list(vocab)}
                    elif isinstance(sub.tag, str):
                        self.add(out, self.key(sub, sub.tag), self.ext_value(sub))
            else:
                self.add(out, self.key(child, tag), self.ext_value(child))
        return _plain(out)

    def vocabulary_list(self, el) -> list:
        if el is None:
            return []
        vocabularies = []
        for voc in el:
            if voc.tag != "Vocabulary":
                continue
            entry: dict = {"type": voc.get("type")}
            elements = []
            element_list = voc.find("VocabularyElementList")
            for ve in element_list if element_list is not None else ():
                if ve.tag != "VocabularyElement":
                    continue
                item: dict = {"id": ve.get("id")}
                attributes = []
                for part in ve:
                    if part.tag == "attribute":
                        value = self.ext_value(part)
                        if isinstance(value, dict):
                            value.get("@attributes", {}).pop("id", None)
                            if not value.get("@attributes", True):
                                del value["@attributes"]
                            if set(value) == {"#text"}:
                                value = value["#text"]
                        attributes.append({"id": part.get("id"), "attribute": _plain(value)})
                    elif part.tag == "children":
                        item["children"] = [_text(i) for i in part if i.tag == "id"]
                if attributes:
                    item["attributes"] = attributes
                elements.append(item)
            if elements:
                entry["vocabularyElementList"] = elements
            vocabularies.append(entry)
        return vocabularies


class _Repeated(list):
    """A list made from repeated XML elements (as opposed to a value that happens to be a list)."""

    _repeated = True


def _plain(value):
    """Replace the _Repeated marker lists with plain lists so events are ordinary JSON data."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _attr_prefix(node, ns: str) -> str | None:
    for prefix, uri in node.nsmap.items():
        if uri == ns and prefix:
            return prefix
    return None


def _text(el) -> str:
    # The standard fields are anyURI / dateTime / token-like: XML whitespace around them is not content.
    return (el.text or "").strip()


def _typed(el, name: str) -> dict:
    out = {}
    kind = el.get("type")
    if kind is not None:
        out["type"] = kind
    out[name] = _text(el)
    return out


def _persistent_disposition(el) -> dict:
    out: dict = {}
    for child in el:
        if child.tag in ("set", "unset"):
            out.setdefault(child.tag, []).append(_text(child))
    return out


def _parser() -> etree.XMLParser:
    # Defused (no entity expansion, no network, no DTD loading, bounded tree); comments and processing
    # instructions carry no EPCIS data.
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                           dtd_validation=False, remove_comments=True, remove_pis=True)


def parse_document(data: bytes) -> XMLDocument:
    """Parse an EPCIS 2.0 XML EPCISDocument or EPCISQueryDocument into the internal model.

    Raises EPCISError(type="ValidationException") for malformed XML (with the line number), for XML that
    declares entities (a possible XML bomb), and for documents that are not EPCIS 2.0 documents.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else "?"
        detail = f"malformed XML at line {line}: {exc.msg}"
        if "entity" in str(exc.msg).lower():
            detail += " (documents using entities are refused: possible XML bomb)"
        raise EPCISError(type="ValidationException", detail=detail) from exc
    doctype = root.getroottree().docinfo.internalDTD
    if doctype is not None and any(True for _ in doctype.iterentities()):
        raise EPCISError(type="ValidationException",
                         detail="XML documents declaring entities are refused (possible XML bomb)")
    ns, local = _local(root.tag) if isinstance(root.tag, str) else (None, "")
    if (ns, local) == (EPCIS_NS, "EPCISDocument"):
        document_type = "EPCISDocument"
    elif (ns, local) == (EPCISQ_NS, "EPCISQueryDocument"):
        document_type = "EPCISQueryDocument"
    else:
        raise _fail(f"root element {root.tag} is not an EPCIS 2.0 EPCISDocument or EPCISQueryDocument", root)

    reader = _Reader(root)
    header = None
    events: list[dict] = []
    query_name = subscription_id = None
    body = None
    for child in root:
        if child.tag == "EPCISHeader":
            header = reader.header(child)
        elif child.tag == "EPCISBody":
            body = child
    if body is None:
        raise _fail("EPCISBody is missing", root)
    if document_type == "EPCISDocument":
        event_list = body.find("EventList")
    else:
        results = body.find(f"{{{EPCISQ_NS}}}QueryResults")
        if results is None:
            raise _fail("an EPCISQueryDocument body must hold epcisq:QueryResults", body)
        query_name = (results.findtext("queryName") or "").strip() or None
        subscription_id = results.findtext("subscriptionID")
        subscription_id = subscription_id.strip() if subscription_id is not None else None
        results_body = results.find("resultsBody")
        event_list = results_body.find("EventList") if results_body is not None else None
        vocab = results_body.find("VocabularyList") if results_body is not None else None
        if vocab is not None:
            header = dict(header or {})
            header["epcisMasterData"] = {"vocabularyList": reader.vocabulary_list(vocab)}
    if event_list is not None:
        _read_events(reader, event_list, events)
    return XMLDocument(
        events=events,
        namespaces=dict(reader.prefix_ns),
        schema_version=root.get("schemaVersion") or "2.0",
        creation_date=root.get("creationDate"),
        header=header,
        document_type=document_type,
        query_name=query_name,
        subscription_id=subscription_id,
    )


def _read_events(reader: _Reader, event_list, events: list[dict]) -> None:
    for child in event_list:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag in EVENT_TYPES:
            events.append(reader.event(child, tag, len(events)))
        elif tag in ("extension", "extension2"):
            # EPCIS 1.x put TransformationEvent (1.1) and later types inside EventList/extension[/extension]
            _read_events(reader, child, events)
        elif tag == "QuantityEvent":
            raise _fail("QuantityEvent was removed in EPCIS 2.0", child, len(events))
        else:
            raise _fail(f"unknown event type <{tag}>", child, len(events))


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
