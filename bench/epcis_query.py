"""EPCIS query benchmark: p50/p99 of typical GET /epcis/events queries on a database holding --events events.

The issue's target is stated for 10,000,000 events (--events 10000000); the default is 1,000,000 and the
figures in bench/README.md come from smaller runs that fit the time available — say which when quoting.

PostgreSQL: the shared dataset of bench/dataset.py (``<db>_dataset_<N>``, loaded once per size through
events_capture() in-process and reused). SQLite: a fresh ``var/bench-query.sqlite3``, ``demo --businesses``, events
from bench/events_generator.py loaded the same way. Then --repeat requests of each query through
Django's test Client in-process (the full view stack: API-key auth, throttle, scoping, filters, keyset page,
JSON-LD serialisation; no socket, no gunicorn), each request with a different identifier/location/day sampled
from the stored events:

    MATCH_epc           one SSCC (a pallet: epcList of its shipping event; its packing/unpacking events name
                        it as parentID, which MATCH_epc does not match)
    MATCH_epcClass      one lot (quantityList / childQuantityList)
    MATCH_anyEPCClass   one lot, any quantity role (also transformation inputs/outputs)
    EQ_bizLocation + GE_eventTime/LT_eventTime   one location, one day

    .venv/bin/python bench/epcis_query.py --events 50000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/epcis_query.py --events 50000
"""

import argparse
import io
import os
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import dataset  # noqa: E402
from bench.common import fresh_database, pct  # noqa: E402


def uri_of(key: str) -> str:
    """A stored canonical key back to a URI a client would send (Digital Link or platform URN)."""
    from foodtrace.trace.graph import display_code

    if key.startswith("loc:"):
        return f"urn:foodtrace:loc:{key[4:]}"
    path = display_code(key)
    if path.startswith("/t/"):
        return f"urn:foodtrace:lot:{path[3:]}"
    return "https://id.gs1.org" + path


def sample(cursor, vendor: str, repeat: int) -> dict[str, list]:
    """Identifiers, lots and places picked from the stored events (a 1 % block sample on PostgreSQL)."""
    table = "trace_eventidentifier TABLESAMPLE SYSTEM (1)" if vendor == "postgresql" else "trace_eventidentifier"
    order = "" if vendor == "postgresql" else " ORDER BY random()"

    def keys(condition: str) -> list[str]:
        cursor.execute(f"SELECT DISTINCT key FROM {table} WHERE {condition}{order} LIMIT {repeat}")
        return [uri_of(row[0]) for row in cursor.fetchall()]

    events = "trace_event TABLESAMPLE SYSTEM (1)" if vendor == "postgresql" else "trace_event"
    cursor.execute(f"SELECT biz_location, event_time FROM {events} WHERE biz_location <> ''{order} LIMIT {repeat}")
    places = [(uri_of(location), str(when)[:10]) for location, when in cursor.fetchall()]
    return {"epcs": keys("role = 1 AND key LIKE 'sscc:%%'"), "lots": keys("role = 6"),
            "any_lots": keys("role = 8"), "places": places}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000, help="events in the database (target: 10M)")
    parser.add_argument("--businesses", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
    if postgres:  # the shared dataset (bench/dataset.py), loaded once per size
        os.environ["DATABASE_URL"] = dataset.ensure(args.events)
    else:
        fresh_database("bench-query")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foodtrace.settings")
    os.environ["DJANGO_DEBUG"] = "0"  # no SQL log kept in memory, as in production
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from foodtrace.accounts.models import ApiClient
    from foodtrace.registry.models import BusinessKind

    load_s = None
    if not postgres:
        load_s = load_sqlite(args.events, args.businesses)
    api_client = ApiClient(name="bench query", role="department_system", region_id="430100",
                           business_kinds=list(BusinessKind.values), rate_per_minute=10 ** 7)
    key = api_client.issue_key()
    api_client.save()
    with connection.cursor() as cursor:
        picked = sample(cursor, connection.vendor, args.repeat)
    epcs, lots, any_lots, places = picked["epcs"], picked["lots"], picked["any_lots"], picked["places"]

    def day_query(place):
        location, day = place
        first = datetime.fromisoformat(day + "T00:00:00+08:00")
        return {"EQ_bizLocation": location, "GE_eventTime": first.isoformat(),
                "LT_eventTime": (first + timedelta(days=1)).isoformat()}

    queries = [
        ("MATCH_epc (one SSCC)", [{"MATCH_epc": v} for v in epcs]),
        ("MATCH_epcClass (one lot)", [{"MATCH_epcClass": v} for v in lots]),
        ("MATCH_anyEPCClass (one lot, any role)", [{"MATCH_anyEPCClass": v} for v in any_lots]),
        ("EQ_bizLocation + GE/LT_eventTime (one place, one day)", [day_query(p) for p in places]),
    ]
    client = Client(HTTP_X_API_KEY=key)
    rows = []
    for label, params_list in queries:
        assert client.get("/epcis/events", params_list[0]).status_code == 200
        samples, found = [], []
        for params in params_list:
            started = time.perf_counter()
            response = client.get("/epcis/events", params)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.content[:500]
            found.append(response.content.count(b'"eventTime"'))
        rows.append((label, statistics.median(samples), pct(samples, 0.99), statistics.mean(found)))

    print(f"\nFoodTrace EPCIS query bench — {connection.vendor}, {os.cpu_count()} cores, {args.events:,} events "
          f"(the issue's target is 10,000,000), Django test Client in-process, {args.repeat} requests each\n")
    print(f"{'GET /epcis/events with':<58} {'p50 ms':>8} {'p99 ms':>8} {'events':>7}")
    print("-" * 84)
    for label, p50, p99, mean_found in rows:
        print(f"{label:<58} {p50:>8.1f} {p99:>8.1f} {mean_found:>7.1f}")
    print("-" * 84)
    if load_s:
        print(f"loading {args.events:,} events through events_capture() in-process: {load_s:,.0f} s "
              f"({args.events / load_s:,.0f} events/s)")
    print("'events' = mean events per answer (page size 100); PostgreSQL: the shared dataset of bench/dataset.py")


def load_sqlite(events: int, businesses: int) -> float:
    """SQLite: a fresh database loaded through events_capture() in-process, as bench/dataset.py does for PostgreSQL."""
    from django.core.management import call_command

    from bench.events_generator import documents, load_registry
    from foodtrace.accounts.models import ApiClient
    from foodtrace.registry.models import BusinessKind
    from foodtrace.trace.capture import events_capture

    call_command("migrate", verbosity=0)
    call_command("demo", businesses=businesses, stdout=io.StringIO())
    loader = ApiClient(name="bench load", role="department_system", region_id="430100",
                       business_kinds=list(BusinessKind.values), rate_per_minute=10 ** 7)
    loader.save()
    start = time.perf_counter()
    for _business, _count, body in documents(events, 1000, 2026, by_business=False, registry=load_registry()):
        result = events_capture(actor=loader, content=body, content_type="application/ld+json")
        assert result.job.status == "success", result.job.errors[:2]
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
