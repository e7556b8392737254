"""EPCIS capture benchmark: end-to-end events/s over HTTP against a production-style gunicorn, and where time goes.

1. A fresh database of its own (tests/server.py's Server: SQLite file under var/bench-capture/, or a fresh
   PostgreSQL database next to DATABASE_URL's), migrated, ``demo --businesses``, one department_system API
   client for all of Changsha (region 430100, every business kind) — it may capture for every business.
2. Documents of --per-document events from bench/events_generator.py are written to a file first (so the
   generator does not compete for the 2 cores while timed), then POSTed to /epcis/capture by --threads client
   threads against gunicorn with 2 workers (DEBUG off, persistent DB connections): parse, validate, hash,
   ownership, dedupe, store, projection, audit — everything a capture does.
3. In-process, on 10,000 other events: each pure-Python stage alone (parse, validate, project incl. the CBV
   hash), and events_capture() without HTTP.
4. The physical limit: the same rows (trace_event, trace_eventhash, the projection tables and the trace graph's
   edges, built in advance by foodtrace.trace.storage.build_rows) written by a bare COPY (PostgreSQL, psycopg
   cursor.copy) or executemany (SQLite) into the tables as the HTTP run left them (the ratio's base), and
   again into emptied tables (small indexes: the bound a fresh database would give); ratio capture / bare.

    .venv/bin/python bench/epcis_capture.py --events 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/epcis_capture.py --events 100000
"""

import argparse
import http.client
import os
import queue
import shutil
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))



def write_documents(path: Path, events: int, per_document: int, seed: int, by_business: bool, registry) -> dict:
    from bench.events_generator import documents

    sizes = []
    start = time.perf_counter()
    with path.open("wb") as out:
        for _business, count, body in documents(events, per_document, seed, by_business=by_business,
                                                registry=registry):
            out.write(body + b"\n")
            sizes.append(count)
    return {"documents": len(sizes), "seconds": time.perf_counter() - start, "bytes": path.stat().st_size,
            "mean_size": statistics.mean(sizes)}


def post_all(url: str, key: str, path: Path, threads: int) -> tuple[float, int, list[float]]:
    """POST every line of ``path`` to /epcis/capture; returns (seconds, events stored, per-request ms)."""
    host, port = url.removeprefix("http://").split(":")
    work: queue.Queue = queue.Queue(maxsize=threads * 4)
    stored, latencies, failures = [], [], []

    def client():
        conn = http.client.HTTPConnection(host, int(port), timeout=600)
        while (body := work.get()) is not None:
            started = time.perf_counter()
            conn.request("POST", "/epcis/capture", body=body,
                         headers={"Content-Type": "application/ld+json", "X-API-Key": key})
            response = conn.getresponse()
            text = response.read()
            latencies.append((time.perf_counter() - started) * 1000)
            if response.status != 202:
                failures.append((response.status, text[:600]))
            stored.append(int(response.getheader("X-FoodTrace-Stored") or 0))
        conn.close()

    workers = [threading.Thread(target=client) for _ in range(threads)]
    start = time.perf_counter()
    for worker in workers:
        worker.start()
    with path.open("rb") as lines:
        for line in lines:
            work.put(line.rstrip(b"\n"))
    for _ in workers:
        work.put(None)
    for worker in workers:
        worker.join()
    seconds = time.perf_counter() - start
    if failures:
        raise RuntimeError(f"{len(failures)} captures failed, first: {failures[0]}")
    return seconds, sum(stored), latencies


def stage_rates(bodies: list[bytes]) -> tuple[list[tuple[str, float]], list]:
    """events/s of each pure-Python stage, and the projected events (for the bare-write rows)."""
    from foodtrace.epcis import jsonld, rules
    from foodtrace.epcis.hashing import event_hash_id
    from foodtrace.trace.projection import project

    events = 0
    timings = {"parse (JSON-LD → internal model)": 0.0, "validate (EPCIS/CBV rules)": 0.0,
               "CBV 2.0 hash alone": 0.0, "project (incl. hash, canonical IDs)": 0.0}
    projected_docs = []
    for body in bodies:
        t0 = time.perf_counter()
        doc = jsonld.parse_document(body)
        t1 = time.perf_counter()
        rules.validate_document(doc, json_binding=True)
        t2 = time.perf_counter()
        for event in doc.events:
            event_hash_id(event, doc.namespaces)
        t3 = time.perf_counter()
        projected = [project(i, event, doc.namespaces) for i, event in enumerate(doc.events)]
        t4 = time.perf_counter()
        timings["parse (JSON-LD → internal model)"] += t1 - t0
        timings["validate (EPCIS/CBV rules)"] += t2 - t1
        timings["CBV 2.0 hash alone"] += t3 - t2
        timings["project (incl. hash, canonical IDs)"] += t4 - t3
        events += len(doc.events)
        projected_docs.append(projected)
    pipeline = sum(v for k, v in timings.items() if k != "CBV 2.0 hash alone")
    rows = [(name, events / seconds) for name, seconds in timings.items()]
    rows.append(("parse + validate + project together", events / pipeline))
    return rows, projected_docs


def build_rows(projected_docs, client) -> dict[str, list[tuple]]:
    """The rows capture's storage writes (foodtrace.trace.storage.build_rows), for one fake capture job."""
    import uuid

    from foodtrace.trace import storage
    from foodtrace.trace.owners import resolve_owners

    job_id = uuid.uuid4()
    rows = {table: [] for table in storage.TABLES}
    pk = 10 ** 9
    for projected in projected_docs:
        ids = range(pk + 1, pk + 1 + len(projected))
        pk += len(projected)
        built = storage.build_rows(job_id, projected, resolve_owners(client, projected), ids=ids,
                                   default_district=client.region_id)
        for table, table_rows in built.items():
            rows[table].extend(table_rows)
    return rows


# The column of each trace table that names its event (to remove the in-process capture's rows).
EVENT_COLUMN = {"trace_event": "id", "trace_eventhash": "event"}


def bare_write(rows: dict[str, list[tuple]], *, after_event: int | None = None) -> float:
    """Seconds to write ``rows`` the way capture's storage does: COPY on PostgreSQL (psycopg cursor.copy),
    executemany on SQLite; one transaction. Into the tables as the HTTP run left them, less the rows of events
    after ``after_event`` (the in-process capture of the same events, whose hashes the rows repeat), or, with
    ``after_event`` None, into emptied tables."""
    from django.db import connection, transaction

    from foodtrace.trace import storage

    with connection.cursor() as cursor:
        if after_event is None and connection.vendor == "postgresql":
            # TRUNCATE, not DELETE: a DELETE leaves every dead row in the heap and indexes (no vacuum runs here).
            cursor.execute(f"TRUNCATE {', '.join(storage.TABLES)}")
        elif after_event is None:
            for table in storage.TABLES:
                cursor.execute(f"DELETE FROM {table}")
        else:
            for table in storage.TABLES:
                cursor.execute(f"DELETE FROM {table} WHERE {EVENT_COLUMN.get(table, 'event_id')} > %s",
                               [after_event])
    start = time.perf_counter()
    with transaction.atomic():
        storage.write_rows(rows)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--businesses", type=int, default=3000)
    parser.add_argument("--per-document", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--by-business", action="store_true",
                        help="group each document's events by business (smaller documents: a shop's upload)")
    parser.add_argument("--stage-events", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="keep the database and the document file")
    args = parser.parse_args()

    from tests.server import Server

    work_dir = ROOT / "var" / "bench-capture"
    shutil.rmtree(work_dir, ignore_errors=True)
    work_dir.mkdir(parents=True)
    t0 = time.perf_counter()
    server = Server(work_dir, "bench_capture", businesses=args.businesses)
    setup_s = time.perf_counter() - t0
    try:
        os.environ.update({"DATABASE_URL": server.database_url, "FOODTRACE_DATA_DIR": str(work_dir)})
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foodtrace.settings")
        import django

        django.setup()
        from django.db import connection

        from bench.events_generator import documents, load_registry
        from foodtrace.accounts.models import ApiClient
        from foodtrace.registry.models import BusinessKind
        from foodtrace.trace.capture import events_capture
        from foodtrace.trace.models import Event

        client = ApiClient(name="bench capture", role="department_system", region_id="430100",
                           business_kinds=list(BusinessKind.values), rate_per_minute=10 ** 6)
        key = client.issue_key()
        client.save()
        registry = load_registry()

        doc_path = work_dir / "documents.jsonl"
        gen = write_documents(doc_path, args.events, args.per_document, 2026, args.by_business, registry)

        # Production-style: DEBUG off (no SQL log in memory), persistent connections.
        server.env.update({"DJANGO_DEBUG": "0", "DB_CONN_MAX_AGE": "600"})
        before = Event.objects.count()  # the demo's own pork chains
        server.start(workers=args.workers)
        try:
            http_s, stored, latencies = post_all(server.url, key, doc_path, args.threads)
        finally:
            server.stop()
        assert Event.objects.count() - before == stored, (Event.objects.count() - before, stored)

        # In-process: stages alone, then events_capture() without HTTP, on other events (another seed).
        bodies = [body for _b, _n, body in documents(args.stage_events, args.per_document, 7, by_business=False,
                                                     registry=registry)]
        stages, projected_docs = stage_rates(bodies)
        connection.close()  # SQLite: the server's writes are visible to a fresh connection
        last_http_event = Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        start = time.perf_counter()
        for body in bodies:
            result = events_capture(actor=client, content=body, content_type="application/ld+json")
            assert result.stored, result.job.errors[:2]
        inproc_s = time.perf_counter() - start

        rows = build_rows(projected_docs, client)
        bare_s = bare_write(rows, after_event=last_http_event)
        bare_rate = args.stage_events / bare_s
        bare_empty_rate = args.stage_events / bare_write(rows)
        row_count = sum(len(r) for r in rows.values())

        http_rate = stored / http_s
        inproc_rate = args.stage_events / inproc_s
        print(f"\nFoodTrace EPCIS capture bench — {connection.vendor}, {os.cpu_count()} cores, "
              f"{args.businesses} demo businesses, gunicorn {args.workers} workers, {args.threads} client threads\n")
        print(f"{'measure':<66} {'events/s':>10} {'vs bare':>8}")
        print("-" * 86)
        print(f"{f'HTTP POST /epcis/capture, {stored:,} events (end to end)':<66} {http_rate:>10,.0f} "
              f"{http_rate / bare_rate:>7.2f}x")
        print(f"{f'events_capture() in-process, 1 thread, {args.stage_events:,} events':<66} {inproc_rate:>10,.0f} "
              f"{inproc_rate / bare_rate:>7.2f}x")
        for name, rate in stages:
            print(f"{'  stage: ' + name:<66} {rate:>10,.0f}")
        bare_name = "bare COPY" if connection.vendor == "postgresql" else "bare executemany INSERT"
        print(f"{f'{bare_name}, same rows ({row_count:,} rows, 6 tables as HTTP left them)':<66} "
              f"{bare_rate:>10,.0f} {1:>7.2f}x")
        print(f"{f'{bare_name}, same rows, into emptied tables':<66} {bare_empty_rate:>10,.0f} "
              f"{bare_empty_rate / bare_rate:>7.2f}x")
        print("-" * 86)
        print(f"documents: {gen['documents']:,} of {gen['mean_size']:.0f} events on average "
              f"({gen['bytes'] / gen['documents'] / 1024:,.0f} KiB), "
              f"{'one business each' if args.by_business else 'mixed businesses'}; "
              f"request p50 {statistics.median(latencies):,.0f} ms, "
              f"max {max(latencies):,.0f} ms; HTTP run {http_s:,.0f} s")
        print(f"capture/bare ratio (HTTP, 2 workers): {http_rate / bare_rate:.2f}; generator "
              f"{args.events / gen['seconds']:,.0f} events/s (not timed); setup (migrate + demo) {setup_s:,.0f} s")
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            server.close()
            shutil.rmtree(work_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
