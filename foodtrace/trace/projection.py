"""From events in the internal model to the rows of the relational projection (no database access).

Kept separate from capture so the bench can time it alone and the trace
graph of the next layer can rely on one definition of what is projected.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime

from foodtrace.epcis import vocabulary
from foodtrace.epcis.hashing import event_hash_id
from foodtrace.identifiers.epc import canonical_id
from foodtrace.trace.models.event import EventIdentifier, EventParty, EventType

TYPE_CODES = {label: value for value, label in EventType.choices}
ROLE = EventIdentifier.Role

# (list field, role, is a quantity list)
IDENTIFIER_FIELDS = (
    ("epcList", ROLE.EPC, False), ("childEPCs", ROLE.CHILD, False), ("inputEPCList", ROLE.INPUT, False),
    ("outputEPCList", ROLE.OUTPUT, False), ("quantityList", ROLE.QUANTITY, True),
    ("childQuantityList", ROLE.CHILD_QUANTITY, True), ("inputQuantityList", ROLE.INPUT_QUANTITY, True),
    ("outputQuantityList", ROLE.OUTPUT_QUANTITY, True),
)


@dataclass
class ProjectedEvent:
    """One event ready to store. ``dedupe_key`` is its hash, but an error declaration (which CBV 2.0 hashes
    like the erroneous event it corrects, EPCIS 2.0 §7.4.1.4) is a separate record of its own."""

    index: int
    event: dict
    document_json: str  # the event as sent, serialised once for storage
    namespaces: dict
    event_hash: str
    event_id: str
    event_type: int
    event_time: datetime
    tz_offset: str
    action: str
    biz_step: str
    disposition: str
    read_point: str
    biz_location: str
    parent_key: str
    transformation_id: str
    error_declared: bool
    identifiers: list[tuple] = field(default_factory=list)  # (role, key, kind, gtin, lot_or_serial, qty, uom)
    transactions: list[tuple] = field(default_factory=list)  # (type, value)
    parties: list[tuple] = field(default_factory=list)  # (direction, type, key)


def key_of(uri: str) -> tuple[str, str, str, str]:
    """(key, kind, gtin, lot_or_serial) of an identifier URI."""
    cid = canonical_id(uri)
    return cid.key, cid.kind, cid.gtin or "", (cid.lot or cid.serial or "")


def parse_time(value: str) -> datetime:
    # EPCIS times always carry an offset (validated before projection); fromisoformat takes "Z" in 3.11.
    return datetime.fromisoformat(value)


def used_namespaces(document_json: str, namespaces: dict) -> dict:
    """The prefixes this event's extension keys use, so each stored event is self-describing.

    Searched in the event's JSON text (which storage needs anyway) rather than by walking the dict:
    a key "prefix:name" always appears as '"prefix:' there, and the scan runs at C speed.
    """
    return {prefix: iri for prefix, iri in namespaces.items() if f'"{prefix}:' in document_json}


def project(index: int, event: dict, namespaces: dict) -> ProjectedEvent:
    event_hash = event_hash_id(event, namespaces)
    parent = event.get("parentID")
    document_json = json.dumps(event, ensure_ascii=False)
    projected = ProjectedEvent(
        index=index, event=event, document_json=document_json,
        namespaces=used_namespaces(document_json, namespaces), event_hash=event_hash,
        event_id=event.get("eventID") or event_hash, event_type=TYPE_CODES[event["type"]],
        event_time=parse_time(event["eventTime"]), tz_offset=event.get("eventTimeZoneOffset", ""),
        action=event.get("action", ""),
        biz_step=vocabulary.compact("bizStep", event.get("bizStep", "")),
        disposition=vocabulary.compact("disposition", event.get("disposition", "")),
        read_point=key_of(event["readPoint"]["id"])[0] if event.get("readPoint") else "",
        biz_location=key_of(event["bizLocation"]["id"])[0] if event.get("bizLocation") else "",
        parent_key=key_of(parent)[0] if parent else "",
        transformation_id=event.get("transformationID", ""),
        error_declared="errorDeclaration" in event,
    )
    if parent:
        key, kind, gtin, lot = key_of(parent)
        projected.identifiers.append((ROLE.PARENT, key, kind, gtin, lot, None, ""))
    for field_name, role, is_quantity in IDENTIFIER_FIELDS:
        for item in event.get(field_name) or ():
            if is_quantity:
                key, kind, gtin, lot = key_of(item["epcClass"])
                projected.identifiers.append((role, key, kind, gtin, lot, item.get("quantity"), item.get("uom", "")))
            else:
                key, kind, gtin, lot = key_of(item)
                projected.identifiers.append((role, key, kind, gtin, lot, None, ""))
    for item in event.get("bizTransactionList") or ():
        projected.transactions.append(
            (vocabulary.compact("bizTransactionType", item.get("type", "")), item["bizTransaction"]))
    for list_name, value_name, direction in (("sourceList", "source", EventParty.Direction.SOURCE),
                                             ("destinationList", "destination", EventParty.Direction.DESTINATION)):
        for item in event.get(list_name) or ():
            projected.parties.append(
                (direction, vocabulary.compact("sourceDestType", item.get("type", "")), key_of(item[value_name])[0]))
    return projected


def dedupe_key(p: ProjectedEvent) -> str:
    return p.event_hash + "#errorDeclaration" if p.error_declared else p.event_hash
