"""The EPCIS 2.0 JSON / JSON-LD binding (EPCIS 2.0 §12.2 and the JSON-LD context): read and write documents.

Reading keeps events exactly as sent — the internal model *is* the compact
JSON-LD form — with two exceptions: an event-level ``@context`` is merged into
the document's namespaces, and a client's ``recordTime`` is dropped because the
repository sets it (EPCIS 2.0 §7.4.1). The JSON-LD ``@context`` is read, not
dereferenced: the GS1 context URL is recognised, inline objects map extension
prefixes to namespace IRIs.

Writing produces documents GS1's JSON schema accepts: ``@context`` is the GS1
context plus the namespaces, and standard CBV values kept in URN form (events
captured through the XML binding) are written as the bare words the JSON
binding uses.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import orjson

from . import vocabulary
from .errors import EPCISError, ValidationErrors
from .model import GS1_CONTEXT, EPCISDocument
from .rules import document_errors, validate_event
from .values import BIZ_STEPS, BIZ_TRANSACTION_TYPES, DISPOSITIONS, ERROR_REASONS, SOURCE_DEST_TYPES, is_uri

# The GS1 context under its published names: the stable URL, versioned artefact URLs
# (…/epcis/2.0.0/epcis-context.jsonld, as in GS1's examples) and the drafting site.
_GS1_CONTEXT_RE = re.compile(
    r"https://ref\.gs1\.org/standards/epcis/(?:\d+\.\d+\.\d+/)?epcis-context\.jsonld"
    r"|https://gs1\.github\.io/EPCIS/epcis-context\.jsonld")

DOCUMENT_FIELDS = {
    "EPCISDocument": frozenset(("@context", "id", "type", "schemaVersion", "creationDate", "instanceIdentifier",
                                "sender", "receiver", "epcisHeader", "epcisBody")),
    "EPCISQueryDocument": frozenset(("@context", "id", "type", "schemaVersion", "creationDate", "epcisBody")),
}
# Document fields with a place of their own in EPCISDocument; the rest go to its envelope.
_MODELLED_FIELDS = frozenset(("@context", "id", "type", "schemaVersion", "creationDate", "epcisHeader", "epcisBody"))
_EVENT_TYPES = ("ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent", "AssociationEvent")


def _error(detail: str, pointer: str | None = None, event_index: int | None = None) -> EPCISError:
    return EPCISError(detail, type="ValidationException", pointer=pointer, event_index=event_index)


def _reject_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _load(data: bytes | str | dict | bytearray | memoryview):
    """JSON text -> Python objects; syntax errors become a ValidationException naming line and column."""
    if isinstance(data, dict):
        return data
    if isinstance(data, memoryview | bytearray):
        data = bytes(data)
    if not isinstance(data, bytes | str):
        raise ValidationErrors([_error(f"the body must be JSON text, got {type(data).__name__}")])
    try:
        # orjson reads strict RFC 8259 JSON about twice as fast; what it refuses (also integers beyond 64 bits,
        # lone surrogates) is read again by the standard library, whose messages name line and column.
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        pass
    try:
        # NaN / Infinity are not JSON (RFC 8259 §6); Python would accept them by default.
        return json.loads(data, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise ValidationErrors([_error(
            f"the body is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}")]) from None
    except UnicodeDecodeError as exc:
        raise ValidationErrors([_error(
            f"the body is not valid UTF-8 text (byte {exc.start}); JSON must be encoded in UTF-8")]) from None
    except ValueError as exc:  # NaN / Infinity
        raise ValidationErrors([_error(f"the body is not valid JSON: {exc}")]) from None


def _read_context(context, pointer: str, namespaces: dict[str, str], errors: list[EPCISError],
                  event_index: int | None = None) -> bool:
    """Merge the prefixes of one ``@context`` into ``namespaces``; True if the GS1 context is referenced."""
    items = context if type(context) is list else [context]
    if type(context) is list:
        seen = set()
        for item in context:
            key = json.dumps(item, sort_keys=True)
            if key in seen:
                errors.append(_error(f"@context lists {item!r} more than once", pointer, event_index))
            seen.add(key)
    has_gs1 = False
    for i, item in enumerate(items):
        p = f"{pointer}[{i}]" if type(context) is list else pointer
        if type(item) is str:
            if _GS1_CONTEXT_RE.fullmatch(item):
                has_gs1 = True
            else:
                errors.append(_error(
                    f"@context {item!r} is not a context this repository knows; reference the EPCIS 2.0 context "
                    f"{GS1_CONTEXT!r} and declare extension prefixes inline, e.g. "
                    "{\"example\": \"https://example.com/epcis/\"}", p, event_index))
        elif type(item) is dict:
            for prefix, iri in item.items():
                if prefix.startswith("@"):
                    continue  # JSON-LD keywords (@version, @vocab, …) do not declare prefixes
                if type(iri) is dict:
                    continue  # an expanded term definition (e.g. {"@type": "xsd:integer"}) types a term only
                if type(iri) is not str or not is_uri(iri):
                    errors.append(_error(
                        f"@context maps prefix {prefix!r} to {iri!r}; a prefix must map to a namespace IRI such as "
                        "'https://example.com/epcis/'", f"{p}.{prefix}", event_index))
                    continue
                known = namespaces.get(prefix)
                if known is not None and known != iri:
                    errors.append(_error(
                        f"@context binds prefix {prefix!r} to {iri!r}, but it is already bound to {known!r} in this "
                        "document; one prefix must mean one namespace", f"{p}.{prefix}", event_index))
                    continue
                namespaces[prefix] = iri
        else:
            errors.append(_error(f"@context entries must be URIs or objects, got {item!r}", p, event_index))
    return has_gs1


def _take_events(raw_events, base: str, namespaces: dict[str, str], errors: list[EPCISError]) -> list:
    """The event list as the model keeps it: event-level @context merged away, client recordTime dropped."""
    events = []
    for i, event in enumerate(raw_events):
        if type(event) is dict and ("@context" in event or "recordTime" in event):
            if "@context" in event:
                _read_context(event["@context"], f"{base}[{i}].@context", namespaces, errors, i)
            # EPCIS 2.0 §7.4.1: recordTime is set by the repository, never by the capturing client.
            event = {k: v for k, v in event.items() if k != "@context" and k != "recordTime"}
        events.append(event)
    return events


def parse_document(data: bytes | str | dict, *, validate: bool = False) -> EPCISDocument:
    """Read an EPCISDocument or EPCISQueryDocument in the JSON / JSON-LD binding.

    Raises ``ValidationErrors`` (every problem found) for JSON syntax errors (with line and column) and for an
    envelope that cannot be read: document type, @context (unknown context URLs, prefixes not mapped to IRIs),
    fields of the document and epcisBody, the event list. Events are not checked here: call
    ``rules.validate_document(doc, json_binding=True)`` — or pass ``validate=True`` to have envelope and event
    problems raised together in one ``ValidationErrors``.
    """
    raw = _load(data)
    if type(raw) is not dict:
        raise ValidationErrors([_error(f"an EPCIS document must be a JSON object, got {type(raw).__name__}")])
    doc_type = raw.get("type")
    if doc_type in _EVENT_TYPES:
        raise ValidationErrors([_error(
            f"this is a single {doc_type}, not a document; wrap it in an EPCISDocument (epcisBody.eventList) "
            "or send it to /events", "type")])
    if doc_type not in DOCUMENT_FIELDS:
        raise ValidationErrors([_error(
            f"type must be 'EPCISDocument' or 'EPCISQueryDocument', got {doc_type!r}", "type")])
    errors: list[EPCISError] = []
    namespaces: dict[str, str] = {}
    if "@context" not in raw:
        errors.append(_error(f"the document has no @context; expected [{GS1_CONTEXT!r}, {{prefix: namespace…}}]",
                             "@context"))
    elif not _read_context(raw["@context"], "@context", namespaces, errors):
        errors.append(_error(f"@context must reference the EPCIS 2.0 context {GS1_CONTEXT!r}", "@context"))

    allowed = DOCUMENT_FIELDS[doc_type]
    for key in raw:
        if key not in allowed and not (":" in key and is_uri(key)):
            errors.append(_error(f"{key!r} is not a field of an {doc_type}; allowed: " + ", ".join(sorted(allowed)),
                                 key))
    if doc_type == "EPCISDocument":
        for key in ("schemaVersion", "creationDate"):
            if key not in raw:
                errors.append(_error(f"an EPCISDocument needs {key!r}", key))
    for key in ("instanceIdentifier", "sender", "receiver"):
        if key in raw and type(raw[key]) is not str:
            errors.append(_error(f"{key} must be a string", key))

    body = raw.get("epcisBody")
    raw_events: list = []
    base = "epcisBody.eventList"
    if body is None:
        errors.append(_error(f"an {doc_type} needs an epcisBody", "epcisBody"))
    elif type(body) is not dict:
        errors.append(_error("epcisBody must be an object", "epcisBody"))
    elif doc_type == "EPCISDocument":
        raw_events = body.get("eventList")
        if type(raw_events) is not list:
            errors.append(_error("epcisBody needs an eventList (a list of events)", base))
            raw_events = []
        for key in body:
            if key != "eventList":
                errors.append(_error(f"{key!r} is not a field of epcisBody; expected only eventList",
                                     f"epcisBody.{key}"))
    else:
        base = "epcisBody.queryResults.resultsBody.eventList"
        results = body.get("queryResults")
        results_body = results.get("resultsBody") if type(results) is dict else None
        raw_events = results_body.get("eventList") if type(results_body) is dict else None
        if type(raw_events) is not list:
            errors.append(_error("an EPCISQueryDocument needs epcisBody.queryResults.resultsBody.eventList", base))
            raw_events = []
        elif "queryName" not in results or type(results["queryName"]) is not str:
            errors.append(_error("queryResults needs a queryName (a string)", "epcisBody.queryResults.queryName"))

    events = _take_events(raw_events, base, namespaces, errors)
    version = raw.get("schemaVersion")
    doc = EPCISDocument(
        events=events, namespaces=namespaces,
        schema_version=version if version is not None else "2.0",
        creation_date=raw.get("creationDate"), header=raw.get("epcisHeader"), document_type=doc_type,
        document_id=raw.get("id"), envelope={k: v for k, v in raw.items() if k not in _MODELLED_FIELDS})
    if validate:
        errors.extend(document_errors(doc, json_binding=True))
    if errors:
        raise ValidationErrors(errors)
    return doc


def parse_event(data: bytes | str | dict, *, validate: bool = False) -> EPCISDocument:
    """Read one event sent on its own (REST binding ``POST /events``) as a one-event document.

    A standalone event carries its own ``@context`` (the JSON schema requires it); its prefixes become the
    document's namespaces. Pointers in errors are relative to the event.
    """
    raw = _load(data)
    if type(raw) is not dict:
        raise ValidationErrors([_error(f"an event must be a JSON object, got {type(raw).__name__}")])
    if raw.get("type") in DOCUMENT_FIELDS:
        raise ValidationErrors([_error(
            f"this is an {raw['type']}, not a single event; send it to /capture", "type")])
    errors: list[EPCISError] = []
    namespaces: dict[str, str] = {}
    if "@context" not in raw:
        errors.append(_error(f"a standalone event needs an @context; expected [{GS1_CONTEXT!r}, "
                             "{prefix: namespace…}]", "@context"))
    elif not _read_context(raw["@context"], "@context", namespaces, errors):
        errors.append(_error(f"@context must reference the EPCIS 2.0 context {GS1_CONTEXT!r}", "@context"))
    event = {k: v for k, v in raw.items() if k != "@context" and k != "recordTime"}
    if validate:
        errors.extend(validate_event(event, None, namespaces, json_binding=True))
    if errors:
        raise ValidationErrors(errors)
    return EPCISDocument(events=[event], namespaces=namespaces)


# --------------------------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------------------------

_CBV_FIELDS = (("bizStep", "bizStep", BIZ_STEPS), ("disposition", "disposition", DISPOSITIONS))


def _bare(vocab: str, value, words: frozenset):
    """The bare JSON word for a standard CBV value in URN form; anything else unchanged."""
    if type(value) is str and value.startswith("urn:epcglobal:cbv:"):
        word = vocabulary.compact(vocab, value)
        if word in words:
            return word
    return value


def _json_event(event: dict) -> dict:
    """The event as the JSON binding writes it (CBV URNs -> bare words); the same dict if nothing changes."""
    out = None
    for key, vocab, words in _CBV_FIELDS:
        value = event.get(key)
        if type(value) is str and value.startswith("urn:epcglobal:cbv:"):
            out = out or dict(event)
            out[key] = _bare(vocab, value, words)
    pd = event.get("persistentDisposition")
    if type(pd) is dict and any(type(pd.get(k)) is list for k in ("set", "unset")):
        new = {k: ([_bare("disposition", d, DISPOSITIONS) for d in v] if k in ("set", "unset") and type(v) is list
                   else v) for k, v in pd.items()}
        if new != pd:
            out = out or dict(event)
            out["persistentDisposition"] = new
    for key, item_key, vocab, words in (("bizTransactionList", "type", "bizTransactionType", BIZ_TRANSACTION_TYPES),
                                        ("sourceList", "type", "sourceDestType", SOURCE_DEST_TYPES),
                                        ("destinationList", "type", "sourceDestType", SOURCE_DEST_TYPES)):
        items = event.get(key)
        if type(items) is list and any(type(i) is dict and str(i.get(item_key, "")).startswith("urn:epcglobal:cbv:")
                                       for i in items):
            out = out or dict(event)
            out[key] = [{**i, item_key: _bare(vocab, i[item_key], words)} if type(i) is dict and item_key in i
                        else i for i in items]
    declaration = event.get("errorDeclaration")
    if type(declaration) is dict and str(declaration.get("reason", "")).startswith("urn:epcglobal:cbv:"):
        out = out or dict(event)
        out["errorDeclaration"] = {**declaration,
                                   "reason": _bare("errorReason", declaration["reason"], ERROR_REASONS)}
    return out if out is not None else event


def _context(namespaces: dict[str, str]) -> list:
    return [GS1_CONTEXT, dict(namespaces)] if namespaces else [GS1_CONTEXT]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def serialise_document(events: list[dict], namespaces: dict[str, str], *, document_type: str = "EPCISDocument",
                       creation_date: str | None = None) -> dict:
    """An EPCIS 2.0 JSON-LD document holding ``events``; ``creation_date`` defaults to now (UTC)."""
    if document_type == "EPCISQueryDocument":
        return serialise_query_document(events, namespaces, "SimpleEventQuery", creation_date=creation_date)
    if document_type != "EPCISDocument":
        raise ValueError(f"document_type must be EPCISDocument or EPCISQueryDocument, not {document_type!r}")
    return {
        "@context": _context(namespaces),
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": creation_date or _now(),
        "epcisBody": {"eventList": [_json_event(e) for e in events]},
    }


def serialise_query_document(events: list[dict], namespaces: dict[str, str], query_name: str,
                             subscription_id: str | None = None, *, creation_date: str | None = None) -> dict:
    """Query results (EPCIS 2.0 §8.2.5, REST binding): an EPCISQueryDocument with queryResults."""
    results: dict = {"queryName": query_name}
    if subscription_id is not None:
        results["subscriptionID"] = subscription_id
    results["resultsBody"] = {"eventList": [_json_event(e) for e in events]}
    return {
        "@context": _context(namespaces),
        "type": "EPCISQueryDocument",
        "schemaVersion": "2.0",
        "creationDate": creation_date or _now(),
        "epcisBody": {"queryResults": results},
    }


def to_json_bytes(document: dict) -> bytes:
    """UTF-8 JSON of a serialised document; non-ASCII (e.g. Chinese extension text) written as is."""
    return dumps(document).encode("utf-8")


def dumps(value) -> str:
    """Compact JSON text, non-ASCII as is (orjson; the standard library for integers beyond 64 bits)."""
    try:
        return orjson.dumps(value).decode("utf-8")
    except TypeError:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
