"""Raw SQL for the trace's hot path: the walk and the read side run a dozen small queries per trace, and
building each through the ORM cost as much as running it (bench/trace.py). Same SQL on both databases but
for list parameters: ``= ANY(%s)`` with one array on PostgreSQL (one statement text whatever the length),
``IN (%s, …)`` on SQLite.

On PostgreSQL each statement is prepared once per connection (server-side binding, psycopg's ``prepare=True``):
the trace's statements keep their text whatever the keys (the lists travel as one array or one text parameter),
and planning was most of their cost — ~0.3 ms to plan against ~0.1 ms to run each (EXPLAIN ANALYZE on the
1M-event dataset). Django's own cursor binds on the client and never prepares."""

import time
from datetime import UTC, datetime

import psycopg
from django.db import DEFAULT_DB_ALIAS, connection, connections

SQLITE_CHUNK = 30_000  # below SQLite's limit of 32,766 host parameters per statement
SMALL_LIST = 200


def any_of(column: str, values) -> tuple[str, list]:
    values = list(values)
    if not values:
        return "1 = 0", []
    if connection.vendor == "postgresql":
        if len(values) <= SMALL_LIST:  # the planner sees the values: exact estimates, bitmap OR across indexes
            return f"{column} = ANY(%s)", [values]
        # A long list: one text parameter split by the server, inside a scalar subquery. Quoting 10,000 keys
        # as an array literal cost more on the client than the look-up, and a constant array made the planner
        # estimate every element against every partition (100 ms of planning for a 10 ms recall query); the
        # subquery is evaluated once at run time instead. Keys never contain a line feed (URI characters).
        if isinstance(values[0], int):
            return (f"{column} = ANY(CAST((SELECT string_to_array(%s, ',')) AS bigint[]))",
                    [",".join(map(str, values))])
        return (f"{column} = ANY(CAST((SELECT string_to_array(%s, chr(10))) AS text[]))",
                ["\n".join(values)])
    return f"{column} IN ({', '.join(['%s'] * len(values))})", values


def configure_session(sender, connection, **kwargs) -> None:
    """Each new PostgreSQL connection plans the prepared statements once, generically. By default PostgreSQL
    re-plans a prepared statement for its parameters every time (custom plans) and keeps doing so for
    partitioned tables, which kept most of the planning cost that preparing was meant to save (on the 10M
    dataset: the walk's level statements 0.47 → 0.33 ms, products 0.50 → 0.24 ms). Only prepared statements
    are affected, and only this module prepares any: Django's own cursors bind on the client."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET plan_cache_mode = force_generic_plan")


def fetch(sql: str, params: list, *, prepare: bool = True) -> list[tuple]:
    """Rows of a raw statement; prepared (one generic plan per connection) on PostgreSQL unless ``prepare``
    is false.

    A generic plan is made from the table as it is at the statement's first run on a connection and kept
    until an ANALYZE invalidates it. For the trace's reads that is the point. For statements on tables that
    a connection itself fills (capture's look-ups in trace_eventhash) it is a trap: planned on an empty table
    the plan is a sequential scan, and with autovacuum off nothing ever re-plans it. Those pass
    ``prepare=False`` and are planned at each run (a fraction of a millisecond per document)."""
    if connection.vendor != "postgresql" or not prepare:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    return _fetch_prepared(sql, params)


def _fetch_prepared(sql: str, params: list) -> list[tuple]:
    db = connections[DEFAULT_DB_ALIAS]  # once: each attribute of the ``connection`` proxy is a thread-local look-up
    db.ensure_connection()
    logged = db.queries_logged  # DEBUG or CaptureQueriesContext: recorded like Django's own cursor
    started = time.monotonic()
    with db.wrap_database_errors, psycopg.Cursor(db.connection) as cursor:
        cursor.execute(sql, params, prepare=True)
        rows = cursor.fetchall()
    if logged:
        text = psycopg.ClientCursor(db.connection).mogrify(sql, params)
        db.queries_log.append({"sql": text, "time": f"{time.monotonic() - started:.3f}", "statement": sql,
                               "params": params})
    return rows


def aware(value: datetime) -> datetime:
    """SQLite hands raw queries naive UTC datetimes (the ORM adds the zone itself); PostgreSQL aware ones."""
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def param_time(value: datetime):
    """A datetime as the column stores it (SQLite compares text: '…00' < '…00+00:00')."""
    return value if connection.vendor == "postgresql" else connection.ops.adapt_datetimefield_value(value)
