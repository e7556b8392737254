"""CBV 2.0 event hash ID (CBV 2.0 §8.9): ``ni:///sha-256;<hex>?ver=CBV2.0``.

``event_hash_id(event, namespaces)`` takes an event in the internal model (``model.py``: the compact
JSON-LD form; ``namespaces`` maps extension prefixes to namespace IRIs) and returns its hash ID, identical
character for character to GS1's reference implementation (``epcis-event-hash-generator`` 1.9, what
GS1's own examples were hashed with). ``pre_hash_string`` returns the canonical string that is hashed.

The algorithm (CBV 2.0 §8.9.2–8.9.4):
1. ``eventType=<type>`` first.
2. The standard fields in the fixed order of §8.9.2 (eventTime, eventTimeZoneOffset, certificationInfo,
   parentID, epcList, inputEPCList, childEPCs, the quantity lists, outputEPCList, …, sensorElementList),
   each written ``name=value``; a repeated field's values are sorted; structured fields write their name
   followed by their children in their own fixed order (§8.9.3).
3. Values in canonical form (§8.9.3; see ``canonical.py``): GS1 keys as constrained canonical GS1 Digital
   Link URIs, CBV values as web URIs, times in UTC with milliseconds, numbers in shortest form.
4. User extensions last (§8.9.4), ``{namespace}localName=value``, nested elements after their parent, each
   level sorted. Extensions inside a standard structure (readPoint, sensorReport, …) stay with it.
5. eventID, recordTime and errorDeclaration are left out, so a corrected or re-captured event keeps its hash.
6. SHA-256 over the UTF-8 bytes, written as an RFC 6920 ``ni:`` URI with ``?ver=CBV2.0``.

The reference implementation reaches the JSON model through JSON-LD expansion and an XML-shaped tree; its
observable behaviour is reproduced here directly from the event dict, without JSON-LD processing. Places where
that behaviour departs from a plain reading of CBV 2.0 are marked "REFERENCE QUIRK".
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from foodtrace.epcis.canonical import VOCAB_TERMS, canonical_time, canonical_value, expand_vocab

__all__ = ["event_hash_id", "pre_hash_string"]

# --- §8.9.2 field order ----------------------------------------------------------------------------------

_QUANTITY = (("quantityElement", (("epcClass", None), ("quantity", None), ("uom", None))),)
_EPCS = (("epc", None),)
_SENSOR_METADATA = ("time", "startTime", "endTime", "deviceID", "deviceMetadata", "rawData",
                    "dataProcessingMethod", "bizRules")
_SENSOR_REPORT = ("type", "exception", "deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "time",
                  "microorganism", "chemicalSubstance", "value", "component", "stringValue", "booleanValue",
                  "hexBinaryValue", "uriValue", "minValue", "maxValue", "meanValue", "sDev", "percRank",
                  "percValue", "uom", "coordinateReferenceSystem")
_FIELD_ORDER = (
    ("eventTime", None), ("eventTimeZoneOffset", None), ("certificationInfo", None), ("parentID", None),
    ("epcList", _EPCS), ("inputEPCList", _EPCS), ("childEPCs", _EPCS),
    ("quantityList", _QUANTITY), ("childQuantityList", _QUANTITY), ("inputQuantityList", _QUANTITY),
    ("outputEPCList", _EPCS), ("outputQuantityList", _QUANTITY),
    ("action", None), ("transformationID", None), ("bizStep", None), ("disposition", None),
    ("persistentDisposition", (("set", None), ("unset", None))),
    ("readPoint", (("id", None),)), ("bizLocation", (("id", None),)),
    # bizTransactionList, sourceList and destinationList are ordered too, but the reference implementation's
    # order for them never matches (REFERENCE QUIRK), so they are written with the extensions in step 4,
    # each entry as its first two members in the order sent ("type=…bizTransaction=…").
    ("sensorElementList", (("sensorElement", (
        ("sensorMetadata", tuple((n, None) for n in _SENSOR_METADATA)),
        ("sensorReport", tuple((n, None) for n in _SENSOR_REPORT)),
    )),)),
)


def _compile_order(order):
    """name -> (position, is_time, sub-order table) for a single dispatch pass over an element's children."""
    table = {}
    for pos, (name, sub) in enumerate(order):
        low = name.lower()
        table[name] = (pos, "time" in low and "offset" not in low, None if sub is None else _compile_order(sub))
    return table


_EVENT_ORDER = _compile_order(_FIELD_ORDER)
_IGNORED = frozenset({"recordTime", "eventID", "type", "errorDeclaration"})
_SKIPPED_KEYS = frozenset({"#text", "rdfs:comment", "comment"})
_PAIR_LISTS = frozenset({"sourceList", "destinationList", "bizTransactionList"})
_UNSORTED = frozenset({"bizTransaction", "source", "destination"})
_RENAME = {"inputEPC": "epc", "outputEPC": "epc", "inputQuantity": "quantityElement",
           "outputQuantity": "quantityElement", "childQuantity": "quantityElement"}
_VOCAB_WEB = ("https://ref.gs1.org/cbv", "https://gs1.org/voc")


# --- the event as a tree of (name, text, children) in the XML binding's shape ----------------------------
#
# The hash is defined on the XML shape (§8.9 was written for both bindings): JSON lists become repeated
# child elements of a "…List" wrapper (epcList → epc, quantityList → quantityElement, …), childEPCs wrap epc.
# A bizTransaction / source / destination entry is kept as a 2-tuple of its first two members.


class _Builder:
    __slots__ = ("iris", "namespaces")

    def __init__(self, namespaces: dict[str, str]):
        self.namespaces = namespaces
        self.iris: set[str] = set()  # CBV/GS1 web vocabulary URIs the event's JSON-LD expansion would contain

    def key(self, key: str) -> str:
        if ":" in key:
            prefix, _, local = key.partition(":")
            iri = self.namespaces.get(prefix)
            if iri is not None:
                return "{" + iri + "}" + local
        return key

    def element(self, value) -> tuple[str, list]:
        if isinstance(value, dict):
            text = value.get("#text", "")
            return (text if isinstance(text, str) else str(text)), self.children(value)
        if isinstance(value, list):
            return "", [("", *self.element(v)) for v in value]
        if isinstance(value, str):
            if value.startswith(_VOCAB_WEB):
                self.iris.add(value)
            return value, []
        return str(value), []

    def children(self, obj: dict) -> list:
        kids = []
        lists = None
        child_epcs = None
        for key, value in obj.items():
            if key in _SKIPPED_KEYS or key.startswith("@xmlns"):
                continue
            if key == "@attributes" and isinstance(value, dict):
                # XML attributes of an extension element are child elements in the XML-shaped tree.
                for attr, attr_value in value.items():
                    kids.append((self.key(attr), *self.element(attr_value)))
                continue
            name = self.key(key)
            elements = [self.element(v) for v in value] if isinstance(value, list) else [self.element(value)]
            if name.endswith("List"):
                if lists is None:
                    lists = {}
                bucket = lists.setdefault(name, [])
                for text, sub in elements:
                    bucket.append((name[:-4], text, sub))
            elif name == "childEPCs":
                if child_epcs is None:
                    child_epcs = []
                child_epcs.extend(("epc", text, []) for text, _ in elements)
            else:
                for text, sub in elements:
                    kids.append(_renamed(name, text, sub))
        if lists:
            for name, items in lists.items():
                if name in _PAIR_LISTS:
                    # REFERENCE QUIRK: an entry is its first two members in the order sent; an untyped
                    # bizTransaction (legal in CBV 2.0) crashes the reference — here it is written alone.
                    kids.append((name, "", [tuple(sub[:2]) for _, _, sub in items]))
                else:
                    kids.append((name, "", [_renamed(*item) for item in items]))
        if child_epcs:
            kids.append(("childEPCs", "", child_epcs))
        return kids


def _renamed(name: str, text: str, sub: list) -> tuple:
    new = _RENAME.get(name)
    if new is not None:
        return new, text, sub
    if name == "quantity" and sub:
        return "quantityElement", text, sub
    return name, text, sub


def _collect_vocabulary(event: dict, iris: set) -> None:
    """The CBV/GS1 web URIs JSON-LD expansion gives the event's @vocab-typed fields (bare words, cbv:/gs1:)."""
    terms = VOCAB_TERMS

    def add(table, value):
        for v in value if isinstance(value, list) else (value,):
            hit = expand_vocab(table, v)
            if hit is not None:
                iris.add(hit)

    value = event.get("bizStep")
    if value is not None:
        add(terms["bizStep"], value)
    value = event.get("disposition")
    if value is not None:
        add(terms["disposition"], value)
    value = event.get("persistentDisposition")
    if isinstance(value, dict):
        for part in ("set", "unset"):
            if part in value:
                add(terms["disposition"], value[part])
    for list_name, table in (("bizTransactionList", "bizTransactionType"), ("sourceList", "sourceDestType"),
                             ("destinationList", "sourceDestType")):
        for entry in event.get(list_name) or ():
            if isinstance(entry, dict) and "type" in entry:
                add(terms[table], entry["type"])
    for element in event.get("sensorElementList") or ():
        if not isinstance(element, dict):
            continue
        reports = element.get("sensorReport") or ()
        for report in reports if isinstance(reports, list) else (reports,):
            if isinstance(report, dict):
                for field, table in (("type", "measurementType"), ("exception", "exception"),
                                     ("component", "component")):
                    if field in report:
                        add(terms[table], report[field])
    declaration = event.get("errorDeclaration")
    if isinstance(declaration, dict) and "reason" in declaration:
        add(terms["errorReason"], declaration["reason"])


@lru_cache(maxsize=256)
def _suffix_table(iris: frozenset) -> dict[str, str | None]:
    """value -> the one vocabulary URI it is a '-' or '/' suffix of (None where several match).

    REFERENCE QUIRK: the reference replaces *every* string value of the document that is such a suffix of a
    CBV/GS1 web URI found anywhere in the expanded document (that is how a bare "shipping" becomes
    https://ref.gs1.org/cbv/BizStep-shipping), extension values included.
    """
    table: dict[str, str | None] = {}
    for iri in iris:
        seen = set()
        for i, ch in enumerate(iri):
            if ch == "-" or ch == "/":
                seen.add(iri[i + 1:])
        for suffix in seen:
            table[suffix] = iri if suffix not in table else None
    return table


# --- rendering -------------------------------------------------------------------------------------------


class _Renderer:
    __slots__ = ("namespaces", "suffixes")

    def __init__(self, namespaces: dict[str, str], suffixes: dict | None):
        self.namespaces = namespaces
        self.suffixes = suffixes

    def node(self, kid) -> str:
        """One child rendered as in ``generic`` (before the siblings are sorted)."""
        if len(kid) != 3:
            return self.generic(kid)
        name, text, grand = kid
        text = self.value(text, False)
        entry = name + "=" + text if text else name
        return entry + self.generic(grand) if grand else entry

    def value(self, text: str, is_time: bool = False) -> str:
        """A leaf's text as the hash sees it: vocabulary expansion, namespace prefix expansion, canonical form."""
        suffixes = self.suffixes
        if suffixes and text in suffixes:
            text = suffixes[text] or text
        namespaces = self.namespaces
        if namespaces:
            colon = text.find(":")
            if colon >= 0:
                iri = namespaces.get(text[:colon])
                if iri is not None:
                    text = iri.replace("{", "").replace("}", "") + text[colon + 1:]
        text = text.strip()
        if not text:
            return ""
        return canonical_time(text) if is_time else canonical_value(text)

    def ordered(self, kids: list, order: dict, gather: bool = True) -> tuple[str, list]:
        """§8.9.2: the fields of ``order`` in order, values of a repeated field sorted; returns the string and
        the children left over (those not covered, or covered but with uncovered descendants)."""
        extensions = None
        if gather and len(kids) > 1:
            # Extensions inside a standard structure are written right after that structure's own fields
            # (REFERENCE QUIRK: only for namespaces ending in '/', and never at a level that has a child whose
            # name contains "eventTime" or "action" — such as the event itself, or one with bizTransactionList).
            names = [k[0] for k in kids if len(k) == 3]
            if not any("eventTime" in n or "action" in n for n in names):
                extensions = [k for k in kids if len(k) == 3 and "{" in k[0] and "/}" in k[0]]
                if extensions:
                    kids = [k for k in kids if not (len(k) == 3 and "{" in k[0] and "/}" in k[0])]
        buckets: dict[int, list[str]] = {}
        rest = []
        for kid in kids:
            spec = order.get(kid[0]) if len(kid) == 3 else None
            if spec is None:
                rest.append(kid)
                continue
            pos, is_time, sub = spec
            name, text, grand = kid
            inner = ""
            if sub is not None:
                inner, grand = self.ordered(grand, sub)
            text = self.value(text, is_time)
            if text:
                buckets.setdefault(pos, []).append(name + "=" + text + inner)
            elif inner:
                buckets.setdefault(pos, []).append(name + inner)
            if grand:
                rest.append((name, kid[1], grand))
        out = []
        for pos in sorted(buckets):
            values = buckets[pos]
            if len(values) > 1:
                values.sort()
            out.extend(values)
        if extensions:
            out.append(self.generic(extensions))
        return "".join(out), rest

    def generic(self, kids) -> str:
        """§8.9.4: everything else, ``name=value`` followed by its children; siblings sorted."""
        parts = [self.node(kid) for kid in kids]
        if len(parts) > 1 and not any(len(k) == 3 and k[0] in _UNSORTED for k in kids):
            parts.sort()
        return "".join(parts)


class _Restart(Exception):
    """The fast path met a vocabulary URI outside the @vocab fields; redo the event on the tree path."""


_SIMPLE = frozenset({"eventTime", "eventTimeZoneOffset", "certificationInfo", "parentID", "action",
                     "transformationID", "bizStep", "disposition"})
_EPC_LISTS = frozenset({"epcList", "inputEPCList", "outputEPCList", "childEPCs"})
_QUANTITY_LISTS = frozenset({"quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList"})
_QUANTITY_KEYS = ("epcClass", "quantity", "uom")
_LOCATIONS = frozenset({"readPoint", "bizLocation"})


def _fast(event: dict, namespaces: dict[str, str], iris: set) -> str | None:
    """The pre-hash string straight from the dict for the usual shapes of the standard fields (one pass, no
    tree); anything unusual in a field goes through the tree path for that field alone. Returns None where
    the whole event needs the tree path. Must give exactly what the tree path gives."""
    event_type = event.get("type", "")
    if "eventTime" not in event or not isinstance(event_type, str):
        return None
    suffixes = _suffix_table(frozenset(iris)) if iris else None
    renderer = _Renderer(namespaces, suffixes)
    value = renderer.value
    order = _EVENT_ORDER
    buckets: dict[int, str] = {}
    rest: list[str] = []
    builder = None
    for key, item in event.items():
        if key in _IGNORED:
            continue
        if key in _UNSORTED or key in _SKIPPED_KEYS or key.startswith("@"):
            return None
        kind = type(item)
        if key in _SIMPLE and kind is str:
            if item.startswith(_VOCAB_WEB) and item not in iris:
                raise _Restart
            text = value(item, key == "eventTime")
            if text:
                buckets[order[key][0]] = key + "=" + text
            continue
        if kind is list:
            if key in _EPC_LISTS and all(type(v) is str for v in item):
                if any(v.startswith(_VOCAB_WEB) and v not in iris for v in item):
                    raise _Restart
                values = ["epc=" + t for t in map(value, item) if t]
                if values:
                    values.sort()
                    buckets[order[key][0]] = key + "".join(values)
                continue
            if key in _QUANTITY_LISTS and all(type(q) is dict and q and q.keys() <= _QUANTITY_SET
                                              and all(type(v) in _SCALARS for v in q.values()) for q in item):
                values = []
                for q in item:
                    parts = []
                    for field in _QUANTITY_KEYS:
                        if field in q:
                            v = q[field]
                            v = v if type(v) is str else str(v)
                            if v.startswith(_VOCAB_WEB) and v not in iris:
                                raise _Restart
                            t = value(v, False)
                            if t:
                                parts.append(field + "=" + t)
                    if parts:
                        values.append("quantityElement" + "".join(parts))
                if values:
                    values.sort()
                    buckets[order[key][0]] = key + "".join(values)
                continue
            if key in _PAIR_LISTS and all(type(e) is dict and len(e) == 2 and all(
                    type(k) is str and type(v) is str and ":" not in k and not k.endswith("List")
                    and k not in _SKIPPED_KEYS and k != "childEPCs" and not k.startswith("@")
                    and not v.startswith(_VOCAB_WEB) for k, v in e.items()) for e in item):
                entries = []
                for entry in item:
                    pair = []
                    for k, v in entry.items():
                        t = value(v, False)
                        pair.append(k + "=" + t if t else k)
                    if not (pair[0].split("=", 1)[0] in _UNSORTED or pair[1].split("=", 1)[0] in _UNSORTED):
                        pair.sort()
                    entries.append("".join(pair))
                if entries:
                    if len(entries) > 1:
                        entries.sort()
                    rest.append(key + "".join(entries))
                continue
        elif kind is dict and key in _LOCATIONS and len(item) == 1 and type(item.get("id")) is str:
            v = item["id"]
            if v.startswith(_VOCAB_WEB) and v not in iris:
                raise _Restart
            text = value(v, False)
            if text:
                buckets[order[key][0]] = key + "id=" + text
            continue
        # Everything else — sensor data, persistentDisposition, ILMD, extensions — through the tree.
        if builder is None:
            builder = _Builder(namespaces)
        nodes = builder.children({key: item})
        if not builder.iris <= iris:
            raise _Restart
        if not nodes:
            continue
        name = nodes[0][0]
        spec = order.get(name)
        if spec is not None:
            text, nodes = renderer.ordered(nodes, order, gather=False)
            if text:
                buckets[spec[0]] = text
        for node in nodes:
            if node[0] in _UNSORTED:
                return None
            rest.append(renderer.node(node))
    if suffixes and event_type in suffixes:
        event_type = suffixes[event_type] or event_type
    out = ["eventType=", event_type]
    for pos in sorted(buckets):
        out.append(buckets[pos])
    if len(rest) > 1:
        rest.sort()
    out.extend(rest)
    return "".join(out)


_QUANTITY_SET = frozenset(_QUANTITY_KEYS)
_SCALARS = (str, int, float, bool, type(None))


def _tree(event: dict, namespaces: dict[str, str]) -> str:
    """The general path: the whole event as a tree, then ordered fields and the rest."""
    builder = _Builder(namespaces)
    kids = builder.children(event)
    iris = builder.iris
    _collect_vocabulary(event, iris)
    renderer = _Renderer(namespaces, _suffix_table(frozenset(iris)) if iris else None)
    event_type = event.get("type", "")
    if iris and isinstance(event_type, str) and event_type in renderer.suffixes:
        event_type = renderer.suffixes[event_type] or event_type
    ordered, rest = renderer.ordered(kids, _EVENT_ORDER)
    rest = [k for k in rest if len(k) != 3 or k[0] not in _IGNORED]
    return "eventType=" + str(event_type) + ordered + (renderer.generic(rest) if rest else "")


def pre_hash_string(event: dict, namespaces: dict[str, str] | None = None) -> str:
    """The canonical pre-hash string of CBV 2.0 §8.9 for one event (handy for debugging)."""
    namespaces = namespaces or {}
    iris: set[str] = set()
    _collect_vocabulary(event, iris)
    try:
        fast = _fast(event, namespaces, iris)
    except _Restart:
        fast = None
    return fast if fast is not None else _tree(event, namespaces)


def event_hash_id(event: dict, namespaces: dict[str, str] | None = None) -> str:
    """The event's hash ID, ``ni:///sha-256;<64 hex>?ver=CBV2.0`` (CBV 2.0 §8.9)."""
    digest = hashlib.sha256(pre_hash_string(event, namespaces).encode("utf-8")).hexdigest()
    return "ni:///sha-256;" + digest + "?ver=CBV2.0"
