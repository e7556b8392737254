"""Ledger entries as EPCIS 2.0 events (JSON-LD, the compact form capture reads).

    purchase     ObjectEvent OBSERVE, bizStep receiving, disposition in_progress, supplier -> own business
    sale         ObjectEvent OBSERVE, bizStep shipping, disposition in_transit, own business -> customer
    certificate  ObjectEvent OBSERVE, bizStep inspecting (the documents of goods were checked), supplier
                 named as source only, so no second delivery appears in the trace graph

Parties are platform URIs by USCC, the place is the business's location (urn:foodtrace:loc:…), documents
go into bizTransactionList. Names of the product and the other party ride along as extension fields, since
a platform lot code alone does not say what the goods were.
"""

import json
from collections import Counter

from django.utils import timezone

from foodtrace.identifiers import location_uri, party_uri

from .checks import Entry
from .models import LedgerKind
from .values import CST, DOCUMENT_TYPES

EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/epcis-context.jsonld"
# The platform's extension namespace (the same as bench/events_generator.py's).
NAMESPACES = {"ft": "https://foodtrace.example.cn/epcis/"}

STEPS = {
    LedgerKind.PURCHASES: ("receiving", "in_progress"),
    LedgerKind.SALES: ("shipping", "in_transit"),
    LedgerKind.CERTIFICATES: ("inspecting", None),
}


def event_for(entry: Entry, own_uscc: str, location_code: str) -> dict:
    biz_step, disposition = STEPS[entry.kind]
    place = {"id": location_uri(location_code)}
    event = {"type": "ObjectEvent", "eventTime": entry.time.astimezone(CST).isoformat(timespec="seconds"),
             "eventTimeZoneOffset": "+08:00", "action": "OBSERVE", "bizStep": biz_step}
    if disposition:
        event["disposition"] = disposition
    event["readPoint"] = place
    event["bizLocation"] = place
    quantity = {"epcClass": entry.epc_class}
    if entry.quantity is not None:
        quantity.update(quantity=entry.quantity, uom=entry.uom)
    event["quantityList"] = [quantity]
    if entry.documents:
        event["bizTransactionList"] = [{"type": DOCUMENT_TYPES[kind][0], "bizTransaction": uri}
                                       for kind, _number, uri in entry.documents]
    own, other = party_uri(own_uscc), party_uri(entry.party_uscc)
    if entry.kind == LedgerKind.SALES:
        event["sourceList"] = [{"type": "owning_party", "source": own}]
        event["destinationList"] = [{"type": "owning_party", "destination": other}]
    else:
        event["sourceList"] = [{"type": "owning_party", "source": other}]
        if entry.kind == LedgerKind.PURCHASES:
            event["destinationList"] = [{"type": "owning_party", "destination": own}]
    if entry.product_name:
        event["ft:productName"] = entry.product_name
    if entry.party_name:
        event["ft:partyName"] = entry.party_name
    return event


def events_for(entries: list[Entry], own_uscc: str, location_code: str) -> list[dict]:
    """One event per entry. Capture stores an event once (same CBV hash = same event), which makes uploading
    a file again harmless; but two equal rows of one file are two deliveries, so the second and later copies
    carry ``ft:repeat`` and stay distinct — and stay equal to themselves when the file is uploaded again."""
    seen: Counter = Counter()
    events = []
    for entry in entries:
        event = event_for(entry, own_uscc, location_code)
        key = json.dumps(event, sort_keys=True, ensure_ascii=False)
        seen[key] += 1
        if seen[key] > 1:
            event["ft:repeat"] = seen[key]
        events.append(event)
    return events


def document_bytes(events: list[dict]) -> bytes:
    document = {"@context": [EPCIS_CONTEXT, NAMESPACES], "type": "EPCISDocument", "schemaVersion": "2.0",
                "creationDate": timezone.now().astimezone(CST).isoformat(timespec="seconds"),
                "epcisBody": {"eventList": events}}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
