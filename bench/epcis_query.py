"""EPCIS query benchmark: p50/p99 of typical GET /epcis/events queries on a database holding --events events.

The issue's target is stated for 10,000,000 events (--events 10000000); the default is 1,000,000 and the
figures in bench/README.md come from smaller runs that fit the time available — say which when quoting.

A fresh database of its own (``var/bench-query.sqlite3`` or a ``<db>_bench_query`` PostgreSQL database),
``demo --businesses``, events from bench/events_generator.py loaded through capture() in-process (documents
of 1000, one department_system client for the whole city), then --repeat requests of each query through
Django's test Client in-process (the full view stack: API-key auth, throttle, scoping, filters, keyset page,
JSON-LD serialisation; no socket, no gunicorn), each request with a different identifier/location/day taken
from the loaded events:

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
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import fresh_database, pct  # noqa: E402


class Reservoir:
    """A uniform sample of ``size`` items from a stream."""

    def __init__(self, size: int, rng: random.Random):
        self.size, self.rng, self.items, self.seen = size, rng, [], 0

    def add(self, item) -> None:
        self.seen += 1
        if len(self.items) < self.size:
            self.items.append(item)
        else:
            j = self.rng.randrange(self.seen)
            if j < self.size:
                self.items[j] = item


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000, help="events in the database (target: 10M)")
    parser.add_argument("--businesses", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    fresh_database("bench-query")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foodtrace.settings")
    os.environ["DJANGO_DEBUG"] = "0"  # no SQL log kept in memory, as in production
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from bench.events_generator import document_bytes, generate, load_registry
    from foodtrace.accounts.models import ApiClient
    from foodtrace.registry.models import BusinessKind
    from foodtrace.trace.capture import capture

    call_command("migrate", verbosity=0)
    call_command("demo", businesses=args.businesses, stdout=io.StringIO())
    api_client = ApiClient(name="bench query", role="department_system", region_id="430100",
                           business_kinds=list(BusinessKind.values), rate_per_minute=10 ** 7)
    key = api_client.issue_key()
    api_client.save()

    rng = random.Random(5)
    epcs, lots, any_lots, places = (Reservoir(args.repeat, rng) for _ in range(4))
    start = time.perf_counter()
    batch = []

    def flush():
        result = capture(principal=api_client, content=document_bytes(batch), content_type="application/ld+json")
        assert result.stored == len(batch), result.job.errors[:2]
        batch.clear()

    for _business, event in generate(args.events, 2026, load_registry()):
        batch.append(event)
        for uri in event.get("epcList") or ():
            epcs.add(uri)
        for item in event.get("quantityList") or ():
            lots.add(item["epcClass"])
        for item in event.get("inputQuantityList") or ():
            any_lots.add(item["epcClass"])
        places.add((event["bizLocation"]["id"], event["eventTime"][:10]))
        if len(batch) == 1000:
            flush()
    if batch:
        flush()
    load_s = time.perf_counter() - start
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def day_query(place):
        location, day = place
        first = datetime.fromisoformat(day + "T00:00:00+08:00")
        return {"EQ_bizLocation": location, "GE_eventTime": first.isoformat(),
                "LT_eventTime": (first + timedelta(days=1)).isoformat()}

    queries = [
        ("MATCH_epc (one SSCC)", [{"MATCH_epc": v} for v in epcs.items]),
        ("MATCH_epcClass (one lot)", [{"MATCH_epcClass": v} for v in lots.items]),
        ("MATCH_anyEPCClass (one lot, any role)", [{"MATCH_anyEPCClass": v} for v in any_lots.items]),
        ("EQ_bizLocation + GE/LT_eventTime (one place, one day)", [day_query(p) for p in places.items]),
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
    print(f"loading {args.events:,} events through capture() in-process: {load_s:,.0f} s "
          f"({args.events / load_s:,.0f} events/s); 'events' = mean events per answer (page size 100)")


if __name__ == "__main__":
    main()
