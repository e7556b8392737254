"""Trace and recall benchmark on the shared dataset (bench/dataset.py; the issue's target is 10M events).

1. Full both-way traces (`foodtrace.trace.answer.trace(code, direction="both")`, server-side: the walk, the
   read side and the answer, as the API view calls it, for the demo city administrator) of --repeat lots
   sampled from the dataset: farm lots, processor lots and market parts. p50/p99 ms.
2. The bare SQL it executes: every statement of each trace, recorded with CaptureQueriesContext and replayed
   on a raw cursor (no ORM, no Python assembly) — the floor; ratio trace / bare.
3. Recall: the affected set of one lot with 10,000 downstream lots (a synthetic two-level split,
   1 → 100 → 10,000, captured into the dataset once): the walk alone (`graph.downstream`) and the recall's
   whole affected-set computation (`foodtrace.recall` — lots, businesses, quantities).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/trace.py --events 10000000
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import dataset  # noqa: E402
from bench.common import pct  # noqa: E402

FANOUT_ROOT = "urn:foodtrace:lot:TFANOUT00000ROOT"


def sample_lots(cursor, repeat: int) -> list[str]:
    """Lot keys with a chain around them: inputs of splits and transformations, and split outputs."""
    cursor.execute("SELECT DISTINCT from_key FROM trace_traceedge TABLESAMPLE SYSTEM (1) WHERE kind IN (1, 2) "
                   "AND from_key LIKE 'plot:%%' AND from_key NOT LIKE 'plot:TFANOUT%%' LIMIT %s", [repeat])
    farm_or_market = [r[0] for r in cursor.fetchall()]
    cursor.execute("SELECT DISTINCT to_key FROM trace_traceedge TABLESAMPLE SYSTEM (1) WHERE kind = 2 "
                   "AND to_key NOT LIKE 'plot:TFANOUT%%' LIMIT %s", [repeat])
    parts = [r[0] for r in cursor.fetchall()]
    keys = (farm_or_market[: repeat // 2] + parts)[:repeat]
    return keys


def fanout_documents(location_code: str) -> list[bytes]:
    """1 lot split into 100, each split into 100: 10,100 lots downstream of FANOUT_ROOT."""
    def event(inputs, outputs, minute):
        where = {"id": f"urn:foodtrace:loc:{location_code}"}
        return {"type": "TransformationEvent", "eventTime": f"2026-12-01T08:{minute // 60:02d}:{minute % 60:02d}"
                "+08:00", "eventTimeZoneOffset": "+08:00", "bizStep": "repackaging", "disposition": "active",
                "inputQuantityList": [{"epcClass": inputs, "quantity": 100.0, "uom": "KGM"}],
                "outputQuantityList": [{"epcClass": o, "quantity": 1.0, "uom": "KGM"} for o in outputs],
                "readPoint": where, "bizLocation": where}

    level1 = [f"urn:foodtrace:lot:TFANOUTA0000{i:04d}" for i in range(100)]
    events = [event(FANOUT_ROOT, level1, 0)]
    for i, parent in enumerate(level1):
        events.append(event(parent, [f"urn:foodtrace:lot:TFANOUTB{i:04d}{j:04d}" for j in range(100)], i + 1))
    doc = {"@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"], "type": "EPCISDocument",
           "schemaVersion": "2.0", "creationDate": "2026-12-01T00:00:00+08:00", "epcisBody": {"eventList": events}}
    return [json.dumps(doc).encode()]


def ensure_fanout(principal) -> None:
    from foodtrace.registry.models import Location
    from foodtrace.trace.capture import events_capture
    from foodtrace.trace.models import TraceEdge

    if TraceEdge.objects.filter(from_key="plot:TFANOUT00000ROOT").exists():
        return
    market = Location.objects.filter(business__kind="wholesale_market", is_active=True).order_by("pk").first()
    for body in fanout_documents(market.code):
        result = events_capture(actor=principal, content=body, content_type="application/ld+json")
        assert result.job.status == "success", result.job.errors[:2]


def timed(fn, *args, **kwargs):
    started = time.perf_counter()
    value = fn(*args, **kwargs)
    return (time.perf_counter() - started) * 1000, value


def replay(connection, captured) -> float:
    """ms to run the statements again on a raw cursor, each as the trace ran it: the trace's own statements
    prepared with their parameters (foodtrace.db.sql), the ORM's as the SQL text Django logged."""
    import psycopg

    raw = connection.connection
    started = time.perf_counter()
    for query in captured:
        with psycopg.Cursor(raw) as cursor:
            if "statement" in query:
                cursor.execute(query["statement"], query["params"], prepare=True)
            else:
                cursor.execute(query["sql"])
            cursor.fetchall()
    return (time.perf_counter() - started) * 1000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000, help="dataset size (target: 10,000,000)")
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    url = dataset.ensure(args.events)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foodtrace.settings")
    os.environ["DJANGO_DEBUG"] = "0"
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from foodtrace.accounts.models import User
    from foodtrace.trace import answer as trace_answer
    from foodtrace.trace import graph

    city_admin = User.objects.get(username="city_admin")
    ensure_fanout(city_admin)
    with connection.cursor() as cursor:
        keys = sample_lots(cursor, args.repeat)
    codes = [graph.code_path(graph.canonical_or_none(k)) for k in keys]
    for code in codes[:5]:  # warm the caches and the plans
        trace_answer.trace(code, direction="both", principal=city_admin)

    trace_ms, warm_ms, bare_ms, sizes, statements = [], [], [], [], []
    for code in codes:
        # Timed without the query log (recording each statement's text costs time of its own). The first trace of
        # a lot reads its rows into PostgreSQL's buffers (128 MB by default, against a dataset of ~35 GB held by
        # the OS cache); the second finds them there, as the replay does — so the ratio compares warm to warm.
        ms, answer = timed(trace_answer.trace, code, direction="both", principal=city_admin)
        trace_ms.append(ms)
        with CaptureQueriesContext(connection) as queries:
            trace_answer.trace(code, direction="both", principal=city_admin)
        warm_ms.append(timed(trace_answer.trace, code, direction="both", principal=city_admin)[0])
        sizes.append((len(answer["lots"]), len(answer["events"])))
        statements.append(len(queries.captured_queries))
        bare_ms.append(replay(connection, queries.captured_queries))

    walk_ms, affected_ms = [], []
    affected_size = None
    try:
        from foodtrace.recall.affected import affected_set
    except ImportError:
        affected_set = None
    for _ in range(20):
        ms, walk = timed(graph.downstream, ["plot:TFANOUT00000ROOT"])
        walk_ms.append(ms)
        if affected_set is not None:
            ms, affected = timed(affected_set, ["plot:TFANOUT00000ROOT"])
            affected_ms.append(ms)
            affected_size = affected
    reached = len(walk.levels) - 1

    p50_warm, p50_bare = statistics.median(warm_ms), statistics.median(bare_ms)
    print(f"\nFoodTrace trace bench — {connection.vendor}, {os.cpu_count()} cores, dataset of {args.events:,} events "
          f"(target 10,000,000), {len(codes)} lots, server-side in-process\n")
    print(f"{'':<62} {'p50 ms':>8} {'p99 ms':>8}")
    print("-" * 80)
    print(f"{'full both-way trace, first of each lot (answer.trace, as the API)':<62} "
          f"{statistics.median(trace_ms):>8.2f} {pct(trace_ms, 0.99):>8.2f}")
    print(f"{'the same trace again (its rows in PostgreSQL buffers)':<62} {p50_warm:>8.2f} {pct(warm_ms, 0.99):>8.2f}")
    print(f"{'bare SQL of the same traces (replayed on a raw cursor)':<62} {p50_bare:>8.2f} {pct(bare_ms, 0.99):>8.2f}")
    print(f"{'trace again ÷ bare SQL (medians)':<62} {p50_warm / p50_bare:>8.2f}")
    print(f"{'recall: walk of 1 lot → ' + format(reached, ',') + ' downstream lots (graph.downstream)':<62} "
          f"{statistics.median(walk_ms):>8.1f} {max(walk_ms):>8.1f}")
    if affected_ms:
        label = "recall: whole affected set (lots, businesses, quantities)"
        print(f"{label:<62} {statistics.median(affected_ms):>8.1f} {max(affected_ms):>8.1f}")
    print("-" * 80)
    print(f"lots per trace: median {statistics.median(s[0] for s in sizes):.0f}, max {max(s[0] for s in sizes)}; "
          f"events per trace: median {statistics.median(s[1] for s in sizes):.0f}; SQL statements per trace: "
          f"median {statistics.median(statements):.0f}; recall columns: median and max of 20 runs")
    if affected_size is not None and isinstance(affected_size, dict):
        print("affected set keys: " + ", ".join(f"{k}={len(v) if hasattr(v, '__len__') else v}"
                                               for k, v in affected_size.items()))


if __name__ == "__main__":
    main()
