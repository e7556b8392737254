"""Validation of EPCIS 2.0 events and documents in the internal model (``model.py``).

Two layers, both hand-written in plain Python so the product never needs GS1's
files at run time:

1. Structure — what GS1's EPCIS 2.0 JSON schema states: which fields each of
   the five event types may carry, which are required, their types and formats
   (URI, xsd:dateTime, "+hh:mm", CBV words, UN/CEFACT unit codes, …). Anything
   the schema rejects is rejected here too (tests/epcis check this against the
   schema itself), with one binding-neutral allowance: the internal model also
   carries events read from the XML binding, where standard CBV values are URNs
   (``urn:epcglobal:cbv:bizstep:shipping``). The JSON schema forbids that form, so
   JSON input is validated with ``json_binding=True`` (``jsonld.parse_document``
   does), which rejects it as the schema does.
2. Rules the schema cannot express (EPCIS 2.0 §7.3–§7.4 prose), each with its
   own message: an ObjectEvent ADD names objects, an AggregationEvent ADD/DELETE
   has a parentID, quantities are not negative and a unit needs a quantity,
   every time carries a UTC offset, offsets lie within -14:00..+14:00, a sensor
   report's minValue ≤ meanValue ≤ maxValue, an error declaration has a
   declarationTime.

Speed matters (every captured event passes here): checks are table-driven,
regular expressions are compiled once, error pointers are only built when an
error is found.

This module holds the event types and documents; the checkers of single fields are in ``fields.py`` and
the word lists and formats of single values in ``values.py``.
"""

from __future__ import annotations

from .errors import EPCISError, ValidationErrors
from .fields import (
    _action,
    _biz_location,
    _biz_step,
    _biz_transaction_list,
    _certification_info,
    _context,
    _Ctx,
    _destination_list,
    _disposition,
    _error_declaration,
    _extension_key,
    _extension_value,
    _ilmd,
    _persistent_disposition,
    _quantity_list,
    _read_point,
    _sensor_element_list,
    _source_list,
    _time,
    _tz_offset,
    _uri,
    _uri_list,
)
from .model import EVENT_TYPES, EPCISDocument
from .values import _VERSION_RE, _kind, _show

# --------------------------------------------------------------------------------------------------------------
# Event types (EPCIS 2.0 §7.4)
# --------------------------------------------------------------------------------------------------------------

_COMMON = {
    "@context": _context, "type": None, "eventTime": _time, "recordTime": _time,
    "eventTimeZoneOffset": _tz_offset, "eventID": _uri, "certificationInfo": _certification_info,
    "errorDeclaration": _error_declaration,
}
_WHAT_WHERE_WHY = {
    "bizStep": _biz_step, "disposition": _disposition, "readPoint": _read_point, "bizLocation": _biz_location,
    "bizTransactionList": _biz_transaction_list, "sourceList": _source_list, "destinationList": _destination_list,
    "sensorElementList": _sensor_element_list,
}
FIELDS: dict[str, dict] = {
    "ObjectEvent": {**_COMMON, "action": _action, "epcList": _uri_list(True), "quantityList": _quantity_list,
                    **_WHAT_WHERE_WHY, "persistentDisposition": _persistent_disposition, "ilmd": _ilmd},
    "AggregationEvent": {**_COMMON, "parentID": _uri, "childEPCs": _uri_list(False),
                         "childQuantityList": _quantity_list, "action": _action, **_WHAT_WHERE_WHY},
    "TransactionEvent": {**_COMMON, "bizTransactionList": _biz_transaction_list, "parentID": _uri,
                         "epcList": _uri_list(False), "quantityList": _quantity_list, "action": _action,
                         **{k: c for k, c in _WHAT_WHERE_WHY.items() if k != "bizTransactionList"}},
    "TransformationEvent": {**_COMMON, "inputEPCList": _uri_list(True), "inputQuantityList": _quantity_list,
                            "outputEPCList": _uri_list(True), "outputQuantityList": _quantity_list,
                            "transformationID": _uri, **_WHAT_WHERE_WHY,
                            "persistentDisposition": _persistent_disposition, "ilmd": _ilmd},
    "AssociationEvent": {**_COMMON, "parentID": _uri, "childEPCs": _uri_list(False),
                         "childQuantityList": _quantity_list, "action": _action, **_WHAT_WHERE_WHY},
}
# persistentDisposition: EPCIS 2.0 (the UML, the table in §7.3.6.2.2, the ontology and SHACL shapes) and GS1's
# JSON schema allow it in ObjectEvent and TransformationEvent only, but the XML binding's normative
# EPCglobal-epcis-2_0.xsd declares it in all five event types (gs1/EPCIS issue #440, still open), and GS1's
# XML examples use it in AggregationEvents (Example-PersistentDisposition.xml, whose JSON counterpart was
# rewritten with ObjectEvents). Each binding is held to its own schema: XML documents may carry it in any
# event type, JSON documents (json_binding=True) only where the JSON schema has it.
_XML_BINDING_FIELDS: dict[str, object] = {"persistentDisposition": _persistent_disposition}
REQUIRED: dict[str, tuple] = {
    "ObjectEvent": ("eventTime", "eventTimeZoneOffset", "action"),
    "AggregationEvent": ("eventTime", "eventTimeZoneOffset", "action"),
    "TransactionEvent": ("eventTime", "eventTimeZoneOffset", "action", "bizTransactionList"),
    "TransformationEvent": ("eventTime", "eventTimeZoneOffset"),
    "AssociationEvent": ("eventTime", "eventTimeZoneOffset", "action", "parentID"),
}
_OWNERS: dict[str, list[str]] = {}
for _t, _f in FIELDS.items():
    for _k in _f:
        _OWNERS.setdefault(_k, []).append(_t)


def _nonempty(event, key) -> bool:
    v = event.get(key)
    return type(v) is list and len(v) > 0


def _object_event(ctx, e, p):
    action = e.get("action")
    if action == "ADD" and not _nonempty(e, "epcList") and not _nonempty(e, "quantityList"):
        # EPCIS 2.0 §7.4.2: ADD means the objects came into being, so it must say which.
        ctx.add(p or "epcList", "an ObjectEvent with action ADD must name the objects it adds: epcList and "
                                "quantityList are both empty or absent")
    elif "epcList" not in e and not _nonempty(e, "quantityList") and not (
            _nonempty(e, "sensorElementList") and "readPoint" in e):
        ctx.add(p or "epcList", "an ObjectEvent needs epcList, a non-empty quantityList, or (for pure sensor "
                                "observations) a non-empty sensorElementList with a readPoint")
    if "ilmd" in e and action in ("OBSERVE", "DELETE"):
        # EPCIS 2.0 §7.4.2: ILMD is set when objects are commissioned (ADD) only.
        ctx.add(f"{p}.ilmd" if p else "ilmd", f"ilmd is only allowed with action ADD, not {action}")


def _children(ctx, e, p, kind):
    if e.get("action") != "DELETE" and not _nonempty(e, "childEPCs") and not _nonempty(e, "childQuantityList"):
        ctx.add(f"{p}.childEPCs" if p else "childEPCs",
                f"an {kind} with action {e.get('action')} needs a non-empty childEPCs or childQuantityList "
                "(only DELETE may omit the children, meaning all of them)")


def _aggregation_event(ctx, e, p):
    _children(ctx, e, p, "AggregationEvent")
    if e.get("action") in ("ADD", "DELETE") and "parentID" not in e:
        # EPCIS 2.0 §7.4.3: parentID is optional only for OBSERVE.
        ctx.add(f"{p}.parentID" if p else "parentID",
                f"an AggregationEvent with action {e['action']} needs a parentID (the container the children "
                "are packed into or taken out of)")


def _association_event(ctx, e, p):
    _children(ctx, e, p, "AssociationEvent")


def _transaction_event(ctx, e, p):
    if type(e.get("bizTransactionList")) is list and not e["bizTransactionList"]:
        ctx.add(f"{p}.bizTransactionList" if p else "bizTransactionList",
                "a TransactionEvent's bizTransactionList must name at least one business transaction")
    if e.get("action") != "DELETE" and "epcList" not in e and not _nonempty(e, "quantityList"):
        ctx.add(f"{p}.epcList" if p else "epcList",
                f"a TransactionEvent with action {e.get('action')} needs epcList or a non-empty quantityList")


def _transformation_event(ctx, e, p):
    has_in = _nonempty(e, "inputEPCList") or _nonempty(e, "inputQuantityList")
    has_out = _nonempty(e, "outputEPCList") or _nonempty(e, "outputQuantityList")
    # EPCIS 2.0 §7.4.6: inputs and outputs, or a transformationID linking events that each carry some.
    if not (has_in and has_out) and not ("transformationID" in e and (has_in or has_out)):
        missing = "inputs" if not has_in and has_out else "outputs" if has_in else "inputs or outputs"
        ctx.add(p or "inputEPCList",
                f"a TransformationEvent has no {missing}: it needs a non-empty inputEPCList/inputQuantityList and "
                "a non-empty outputEPCList/outputQuantityList, or a transformationID with at least one of them")


_TYPE_RULES = {
    "ObjectEvent": _object_event, "AggregationEvent": _aggregation_event, "TransactionEvent": _transaction_event,
    "TransformationEvent": _transformation_event, "AssociationEvent": _association_event,
}


def validate_event(event, index: int | None, namespaces: dict[str, str], *, json_binding: bool = False,
                   base: str = "epcisBody.eventList") -> list[EPCISError]:
    """Every problem of one event, in field order; an empty list if it is valid.

    ``index`` is its position in the document (None for a standalone event, which then gets pointers relative
    to the event itself); ``namespaces`` the document's extension prefixes; ``json_binding`` rejects the URN
    form of standard CBV values as the JSON binding requires.
    """
    ctx = _Ctx(namespaces, index, json_binding)
    p = f"{base}[{index}]" if index is not None else ""
    dot = p + "." if p else ""
    if type(event) is not dict:
        ctx.add(p, f"an event must be a JSON object, got {_kind(event)}")
        return ctx.errors
    etype = event.get("type")
    fields = FIELDS.get(etype) if type(etype) is str else None
    if fields is None:
        if "type" not in event:
            ctx.add(dot + "type", "the event has no 'type'; expected one of " + ", ".join(EVENT_TYPES))
        else:
            ctx.add(dot + "type", f"unknown event type {_show(etype)}; expected one of " + ", ".join(EVENT_TYPES))
        return ctx.errors
    for key, value in event.items():
        checker = fields.get(key, False)
        if checker is False and not json_binding:
            checker = _XML_BINDING_FIELDS.get(key, False)
        if checker:
            checker(ctx, value, dot + key)
        elif checker is None:  # "type", checked above
            continue
        elif ":" in key:
            _extension_key(ctx, key, dot + key)
            if type(value) is dict or type(value) is list:
                _extension_value(ctx, value, dot + key)
        elif key == "action" and etype == "TransformationEvent":
            ctx.add(dot + key, "a TransformationEvent has no action (EPCIS 2.0 §7.4.6); remove 'action'")
        elif key in _OWNERS:
            extra = " (in the JSON binding; the XML binding allows it in every event type)" \
                if key in _XML_BINDING_FIELDS else ""
            ctx.add(dot + key, f"{key!r} is not a field of {etype}; it belongs to " + ", ".join(_OWNERS[key])
                    + extra)
        else:
            ctx.add(dot + key, f"unknown field {key!r} in {etype}; extension fields must be named "
                               "'prefix:localName' with the prefix declared in @context")
    for name in REQUIRED[etype]:
        if name not in event:
            ctx.add(dot + name, f"{etype} is missing its required field {name!r}")
    _TYPE_RULES[etype](ctx, event, p)
    return ctx.errors


# --------------------------------------------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------------------------------------------

def _header_errors(header, ctx: _Ctx) -> None:
    # EPCIS 2.0 §9.4: epcisHeader carries master data (vocabularyList of vocabularies of elements).
    if header is None:
        return
    path = "epcisHeader"
    if type(header) is not dict:
        ctx.add(path, f"epcisHeader must be an object, got {_kind(header)}")
        return
    for key, value in header.items():
        if key == "epcisMasterData":
            if type(value) is not dict:
                ctx.add(f"{path}.{key}", f"epcisMasterData must be an object, got {_kind(value)}")
                continue
            vocabularies = value.get("vocabularyList", [])
            if type(vocabularies) is not list:
                ctx.add(f"{path}.{key}.vocabularyList", "vocabularyList must be a list")
                continue
            _vocabulary_list_errors(vocabularies, ctx, f"{path}.{key}.vocabularyList")
        else:
            _extension_key(ctx, key, f"{path}.{key}")


def _vocabulary_list_errors(vocabularies: list, ctx: _Ctx, path: str) -> None:
    for i, vocabulary in enumerate(vocabularies):
        vp = f"{path}[{i}]"
        if type(vocabulary) is not dict:
            ctx.add(vp, "a vocabulary must be an object with 'type' and 'vocabularyElementList'")
            continue
        if "type" not in vocabulary:
            ctx.add(f"{vp}.type",
                    "a vocabulary needs its 'type' (a URI such as 'urn:epcglobal:epcis:vtype:BusinessLocation')")
        else:
            _uri(ctx, vocabulary["type"], f"{vp}.type")
        elements = vocabulary.get("vocabularyElementList", [])
        if type(elements) is not list:
            ctx.add(f"{vp}.vocabularyElementList", "vocabularyElementList must be a list")
            continue
        for j, element in enumerate(elements):
            ep = f"{vp}.vocabularyElementList[{j}]"
            if type(element) is not dict or "id" not in element:
                ctx.add(ep, "a vocabulary element must be an object with an 'id' URI")
                continue
            _uri(ctx, element["id"], f"{ep}.id")
            attributes = element.get("attributes", [])
            if type(attributes) is not list:
                ctx.add(f"{ep}.attributes", "attributes must be a list")
            else:
                for k, attribute in enumerate(attributes):
                    if type(attribute) is not dict or "id" not in attribute:
                        ctx.add(f"{ep}.attributes[{k}]", "an attribute must be an object with an 'id' URI")
                        continue
                    _uri(ctx, attribute["id"], f"{ep}.attributes[{k}].id")
                    if "attribute" in attribute and type(attribute["attribute"]) not in (int, float, str, dict):
                        ctx.add(f"{ep}.attributes[{k}].attribute",
                                "an attribute value must be a number, a string or an object")
            if "children" in element:
                _uri_list(False)(ctx, element["children"], f"{ep}.children")


def document_errors(doc: EPCISDocument, *, json_binding: bool = False) -> list[EPCISError]:
    """Every problem of a parsed document: its envelope, then each event in order."""
    ctx = _Ctx(doc.namespaces, None, json_binding)
    if doc.document_type not in ("EPCISDocument", "EPCISQueryDocument"):
        ctx.add("type", f"document type must be EPCISDocument or EPCISQueryDocument, got {_show(doc.document_type)}")
    if doc.schema_version is not None and (type(doc.schema_version) is not str
                                           or _VERSION_RE.fullmatch(doc.schema_version) is None):
        ctx.add("schemaVersion", f"schemaVersion must be a version number such as '2.0', got "
                                 f"{_show(doc.schema_version)}")
    if doc.creation_date is not None:
        _time(ctx, doc.creation_date, "creationDate")
    if doc.document_id is not None:
        _uri(ctx, doc.document_id, "id")
    _header_errors(doc.header, ctx)
    errors = ctx.errors
    base = ("epcisBody.queryResults.resultsBody.eventList" if doc.document_type == "EPCISQueryDocument"
            else "epcisBody.eventList")
    namespaces = doc.namespaces
    for i, event in enumerate(doc.events):
        found = validate_event(event, i, namespaces, json_binding=json_binding, base=base)
        if found:
            errors.extend(found)
    return errors


def validate_document(doc: EPCISDocument, *, json_binding: bool = False) -> None:
    """Raise ValidationErrors listing every problem of ``doc``; return None if it is valid."""
    errors = document_errors(doc, json_binding=json_binding)
    if errors:
        raise ValidationErrors(errors)
