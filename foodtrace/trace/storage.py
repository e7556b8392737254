"""Writing captured events and their projection, set-based.

IDs are drawn for the whole document at once (a sequence on PostgreSQL, a
counter row on SQLite), so the projection rows can reference their event
without a round trip per event.
Rows go to the database as plain tuples — COPY on PostgreSQL, executemany
elsewhere — because building a Django model instance per row cost more than
the database's own work (bench/epcis_capture.py profile: two thirds of
capture time was bulk_create's Python side). The COPY is binary: psycopg
then packs numbers and times instead of formatting them as text, which
halved the client's share of the COPY, and the server need not parse them.
"""

import json
import re
from functools import cache, lru_cache

from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone

from foodtrace.trace.models.sequence import IdSequence
from foodtrace.trace.projection import dedupe_key

EVENT_COLUMNS = ("id", "event_id", "event_hash", "event_type", "event_time", "event_tz_offset", "record_time",
                 "action", "biz_step", "disposition", "read_point", "biz_location", "parent_key",
                 "transformation_id", "error_declared", "document", "namespaces", "capture_job_id", "business_id",
                 "district_id")
HASH_COLUMNS = ("event_hash", "event", "event_time")
IDENTIFIER_COLUMNS = ("event_id", "event_time", "role", "key", "kind", "gtin", "lot_or_serial", "quantity", "uom")
TRANSACTION_COLUMNS = ("event_id", "event_time", "type", "value")
PARTY_COLUMNS = ("event_id", "event_time", "direction", "type", "key")
EDGE_COLUMNS = ("event_id", "event_time", "kind", "from_key", "to_key", "via_key", "quantity", "uom", "business_id",
                "district_id")
TABLES = {"trace_event": EVENT_COLUMNS, "trace_eventhash": HASH_COLUMNS, "trace_eventidentifier": IDENTIFIER_COLUMNS,
          "trace_eventtransaction": TRANSACTION_COLUMNS, "trace_eventparty": PARTY_COLUMNS,
          "trace_traceedge": EDGE_COLUMNS}


@cache
def column_types(table: str) -> tuple[str, ...]:
    """PostgreSQL type names of ``TABLES[table]``'s columns, from the model fields (binary COPY needs them)."""
    model = next(m for m in apps.get_app_config("trace").get_models() if m._meta.db_table == table)
    fields = {f.column: f for f in model._meta.concrete_fields}
    return tuple(re.sub(r"\(.*\)", "", fields[column].db_type(connection)) for column in TABLES[table])


def event_ids(count: int) -> list[int]:
    """IDs for ``count`` new events. PostgreSQL: from a sequence, which takes no lock, so two captures store
    at the same time (a counter row would serialise them until commit). SQLite has one writer anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval('trace_event_pk_seq') FROM generate_series(1, %s)", [count])
            return [row[0] for row in cursor.fetchall()]
    first = allocate_ids("trace_event", count)
    return list(range(first, first + count))


def allocate_ids(name: str, count: int) -> int:
    """The first of ``count`` consecutive new IDs."""
    with transaction.atomic():
        row, _ = IdSequence.objects.select_for_update().get_or_create(name=name, defaults={"value": 0})
        first = row.value + 1
        row.value += count
        row.save(update_fields=["value"])
    return first


def write_rows(rows: dict[str, list[tuple]]) -> None:
    """Write each table's rows (``TABLES`` order): COPY on PostgreSQL, executemany elsewhere."""
    with connection.cursor() as cursor:
        for table, columns in TABLES.items():
            if not rows.get(table):
                continue
            quoted = ", ".join(f'"{c}"' for c in columns)
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN (FORMAT BINARY)') as copy:
                    copy.set_types(column_types(table))
                    for row in rows[table]:
                        copy.write_row(row)
            else:
                placeholders = ", ".join(["%s"] * len(columns))
                # Table and column names are this module's constants, never input.
                cursor.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({placeholders})',  # noqa: S608
                                   rows[table])


def _namespaces_json(namespaces: dict) -> str:
    # Most events of a document use the same few prefixes (or none): one serialisation per distinct set.
    return _namespaces_text(tuple(namespaces.items()))


@lru_cache(maxsize=256)
def _namespaces_text(items: tuple) -> str:
    return json.dumps(dict(items), ensure_ascii=False)


def build_rows(job_id, projected, owners, *, ids, default_district) -> dict[str, list[tuple]]:
    """The rows of every table for ``projected`` events, which get the primary keys ``ids``."""
    postgres = connection.vendor == "postgresql"
    # Values the driver cannot take as they are: aware datetimes and UUIDs on SQLite.
    when = (lambda value: value) if postgres else connection.ops.adapt_datetimefield_value
    if not postgres:
        job_id = job_id.hex
    record_time = when(timezone.now())
    events, hashes, identifiers, transactions, parties, edges = [], [], [], [], [], []
    for offset, p in enumerate(projected):
        event_pk = ids[offset]
        owner = owners.get(p.index)
        event_time = when(p.event_time)
        business_id = owner.business_id if owner else None
        district_id = owner.district_id if owner else default_district
        events.append((
            event_pk, p.event_id, p.event_hash, p.event_type, event_time, p.tz_offset, record_time, p.action,
            p.biz_step, p.disposition, p.read_point, p.biz_location, p.parent_key, p.transformation_id,
            p.error_declared, p.document_json, _namespaces_json(p.namespaces),
            job_id, business_id, district_id))
        hashes.append((dedupe_key(p), event_pk, event_time))
        identifiers.extend((event_pk, event_time, *row) for row in p.identifiers)
        transactions.extend((event_pk, event_time, kind, value) for kind, value in p.transactions)
        parties.extend((event_pk, event_time, direction, kind, key) for direction, kind, key in p.parties)
        edges.extend((event_pk, event_time, *edge, business_id, district_id) for edge in p.edges)
    return dict(zip(TABLES, (events, hashes, identifiers, transactions, parties, edges), strict=True))


def insert_events(job, projected, owners, *, default_district) -> None:
    if not projected:
        return
    write_rows(build_rows(job.id, projected, owners, ids=event_ids(len(projected)),
                          default_district=default_district))
