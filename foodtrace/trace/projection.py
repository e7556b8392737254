"""From events in the internal model to the rows of the relational projection (no database access).

Kept separate from capture so the bench can time it alone and the trace
graph of the next layer can rely on one definition of what is projected.
"""

from dataclasses import dataclass, field
from datetime import datetime

from foodtrace.epcis import jsonld, vocabulary
from foodtrace.epcis.hashing import event_hash_id
from foodtrace.identifiers.epc import canonical_id
from foodtrace.trace.models.event import EventIdentifier, EventParty, EventType, TraceEdge

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
    edges: list[tuple] = field(default_factory=list)  # (kind, from_key, to_key, via_key, quantity, uom)


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
    document_json = jsonld.dumps(event)
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
    projected.edges = trace_edges(projected)
    return projected


EDGE = TraceEdge.Kind
INPUT_ROLES = (ROLE.INPUT, ROLE.INPUT_QUANTITY)
OUTPUT_ROLES = (ROLE.OUTPUT, ROLE.OUTPUT_QUANTITY)
CHILD_ROLES = (ROLE.CHILD, ROLE.CHILD_QUANTITY)
GOODS_ROLES = (ROLE.EPC, ROLE.QUANTITY)
# Which source/destination names the trading party, best first (CBV 2.0 §8.3.4).
PARTY_TYPES = ("owning_party", "possessing_party", "location")
SPLIT_STEP = "repackaging"  # a lot divided into smaller lots of the same goods (流通追溯码 of the market)


def trace_edges(p: ProjectedEvent) -> list[tuple]:
    """The trace graph's steps this event records (see TraceEdge)."""
    edges = []
    ids = p.identifiers
    if p.event_type == EventType.TRANSFORMATION:
        kind = EDGE.SPLIT_INTO if p.biz_step == SPLIT_STEP else EDGE.TRANSFORMED_INTO
        inputs = [row[1] for row in ids if row[0] in INPUT_ROLES]
        for role, key, _kind, _gtin, _lot, quantity, uom in ids:
            if role in OUTPUT_ROLES:
                edges.extend((kind, source, key, "", quantity, uom) for source in inputs if source != key)
    elif p.event_type == EventType.AGGREGATION and p.action != "DELETE" and p.parent_key:
        edges.extend((EDGE.CONTAINED_IN, key, p.parent_key, "", quantity, uom)
                     for role, key, _kind, _gtin, _lot, quantity, uom in ids if role in CHILD_ROLES)
    sender = _party(p, EventParty.Direction.SOURCE)
    receiver = _party(p, EventParty.Direction.DESTINATION)
    if sender and receiver and sender != receiver:
        edges.extend((EDGE.SHIPPED_TO, sender, receiver, key, quantity, uom)
                     for role, key, _kind, _gtin, _lot, quantity, uom in ids if role in GOODS_ROLES)
    return edges


def _party(p: ProjectedEvent, direction: int) -> str:
    found = {kind: key for d, kind, key in p.parties if d == direction}
    return next((found[kind] for kind in PARTY_TYPES if kind in found), "")


def dedupe_key(p: ProjectedEvent) -> str:
    return p.event_hash + "#errorDeclaration" if p.error_declared else p.event_hash
