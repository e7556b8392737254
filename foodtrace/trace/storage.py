"""Writing captured events and their projection, set-based.

IDs come in one block per document from a locked counter row, so the
projection rows can reference their event without a round trip per event
(and so PostgreSQL's COPY, which returns no keys, can be used).
"""

from django.db import transaction
from django.utils import timezone

from foodtrace.trace.models import Event, EventHash, EventIdentifier, EventParty, EventTransaction
from foodtrace.trace.models.sequence import IdSequence
from foodtrace.trace.projection import dedupe_key

BATCH = 2000


def allocate_ids(name: str, count: int) -> int:
    """The first of ``count`` consecutive new IDs."""
    with transaction.atomic():
        row, _ = IdSequence.objects.select_for_update().get_or_create(name=name, defaults={"value": 0})
        first = row.value + 1
        row.value += count
        row.save(update_fields=["value"])
    return first


def insert_events(job, projected, owners, *, default_district) -> None:
    if not projected:
        return
    first = allocate_ids("trace_event", len(projected))
    record_time = timezone.now()
    events, hashes, identifiers, transactions, parties = [], [], [], [], []
    for offset, p in enumerate(projected):
        event_pk = first + offset
        owner = owners.get(p.index)
        events.append(Event(
            id=event_pk, event_id=p.event_id, event_hash=p.event_hash, event_type=p.event_type,
            event_time=p.event_time, event_tz_offset=p.tz_offset, record_time=record_time, action=p.action,
            biz_step=p.biz_step, disposition=p.disposition, read_point=p.read_point, biz_location=p.biz_location,
            parent_key=p.parent_key, transformation_id=p.transformation_id, error_declared=p.error_declared,
            document=p.event, namespaces=p.namespaces, capture_job_id=job.id,
            business_id=owner.business_id if owner else None,
            district_id=owner.district_id if owner else default_district,
        ))
        hashes.append(EventHash(event_hash=dedupe_key(p), event=event_pk, event_time=p.event_time))
        for role, key, kind, gtin, lot, quantity, uom in p.identifiers:
            identifiers.append(EventIdentifier(event_id=event_pk, event_time=p.event_time, role=role, key=key,
                                               kind=kind, gtin=gtin, lot_or_serial=lot, quantity=quantity, uom=uom))
        for kind, value in p.transactions:
            transactions.append(EventTransaction(event_id=event_pk, event_time=p.event_time, type=kind, value=value))
        for direction, kind, key in p.parties:
            parties.append(EventParty(event_id=event_pk, event_time=p.event_time, direction=direction, type=kind,
                                      key=key))
    for model, rows in ((Event, events), (EventHash, hashes), (EventIdentifier, identifiers),
                        (EventTransaction, transactions), (EventParty, parties)):
        model.objects.bulk_create(rows, batch_size=BATCH)
