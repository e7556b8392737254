"""The benchmark dataset: a PostgreSQL database of N generated Changsha events, kept between runs.

Loading 10M events takes the better part of an hour on 2 cores, so the query and trace benches share one
database per size, `<db>_dataset_<N>`, loaded once by this script (or by the first bench that needs it) and
reused while its marker row says it is complete. Events come from bench/events_generator.py, captured
through `events_capture()` in-process (parse, validate, hash, project, store — the whole write path) by two worker
processes, each with its own generator seed so their lots never collide.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/dataset.py --events 10000000
"""

import argparse
import io
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

WORKERS = 2
BUSINESSES = 3000
MARKER = "bench_dataset"


def database_url(events: int) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("the dataset lives in PostgreSQL: set DATABASE_URL=postgres://…")
    base, _, name = url.rpartition("/")
    return f"{base}/{name}_dataset_{events}"


def _admin_url() -> str:
    return os.environ["DATABASE_URL"]


def loaded(events: int) -> bool:
    import psycopg

    try:
        with psycopg.connect(database_url(events)) as conn:
            row = conn.execute(f"SELECT events FROM {MARKER}").fetchone()
            return bool(row and row[0] == events)
    except psycopg.Error:
        return False


def ensure(events: int) -> str:
    """The dataset's DATABASE_URL, loading it first if it is not complete."""
    if not loaded(events):
        subprocess.run([sys.executable, __file__, "--events", str(events)], check=True,
                       env={**os.environ, "DATABASE_URL": _admin_url()})
    return database_url(events)


def _setup(url: str):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foodtrace.settings")
    os.environ["DJANGO_DEBUG"] = "0"
    import django

    django.setup()


def worker(url: str, index: int, events: int) -> None:
    """Capture this worker's share of the events (seed 2026 + index) as one department system."""
    _setup(url)
    from bench.events_generator import documents, load_registry
    from foodtrace.accounts.models import ApiClient
    from foodtrace.trace.capture import events_capture

    client = ApiClient.objects.get(name="bench dataset")
    registry = load_registry()
    done, started = 0, time.perf_counter()
    for _business, count, body in documents(events, 1000, 2026 + index, by_business=False, registry=registry):
        result = events_capture(actor=client, content=body, content_type="application/ld+json")
        assert result.job.status == "success", result.job.errors[:2]
        done += count
        if done % 200_000 < 1000:
            rate = done / (time.perf_counter() - started)
            print(f"worker {index}: {done:,} events, {rate:,.0f} events/s", flush=True)


def load(events: int) -> None:
    import psycopg

    url = database_url(events)
    name = url.rpartition("/")[2]
    with psycopg.connect(_admin_url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    _setup(url)
    from django.core.management import call_command
    from django.db import connection

    from foodtrace.accounts.models import ApiClient
    from foodtrace.registry.models import BusinessKind

    call_command("migrate", verbosity=0)
    call_command("demo", businesses=BUSINESSES, stdout=io.StringIO())
    ApiClient(name="bench dataset", role="department_system", region_id="430100",
              business_kinds=list(BusinessKind.values), rate_per_minute=10 ** 7).save()
    connection.close()
    started = time.perf_counter()
    share = [events // WORKERS + (1 if i < events % WORKERS else 0) for i in range(WORKERS)]
    procs = [subprocess.Popen([sys.executable, __file__, "--worker", str(i), "--events", str(share[i]),
                               "--url", url]) for i in range(WORKERS)]
    if any(p.wait() != 0 for p in procs):
        raise SystemExit("a loading worker failed")
    seconds = time.perf_counter() - started
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE")
        conn.execute(f"CREATE TABLE {MARKER} (events bigint, seconds float, loaded_at timestamptz DEFAULT now())")
        conn.execute(f"INSERT INTO {MARKER} (events, seconds) VALUES (%s, %s)", [events, seconds])
    print(f"loaded {events:,} events in {seconds:,.0f} s ({events / seconds:,.0f} events/s, "
          f"{WORKERS} processes, events_capture() in-process) into {name}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--worker", type=int, default=None)
    parser.add_argument("--url", default="")
    args = parser.parse_args()
    if args.worker is not None:
        worker(args.url, args.worker, args.events)
    elif loaded(args.events):
        print(f"{database_url(args.events).rpartition('/')[2]} already holds {args.events:,} events")
    else:
        load(args.events)


if __name__ == "__main__":
    main()
