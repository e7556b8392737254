"""Reading the EPCIS 2.0 XML binding into the internal model (``parse_document``); defused parsing."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from foodtrace.epcis.errors import EPCISError
from foodtrace.epcis.model import EPCIS_NS, EVENT_TYPES, EPCISDocument
from foodtrace.epcis.xml.names import (
    _BINDING_NAMESPACES,
    _EPC_LISTS,
    _QUANTITY_LISTS,
    _SENSOR_BOOLEANS,
    _SENSOR_NUMBERS,
    _TEXT_FIELDS,
    EPCISQ_NS,
    XML_NS,
    XSI_NS,
    _local,
    _number,
)


@dataclass
class XMLDocument(EPCISDocument):
    """An EPCISDocument read from XML; a query document also carries its QueryResults header fields."""

    query_name: str | None = None
    subscription_id: str | None = None



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


