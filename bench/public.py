"""Public look-up under load: Debian's `wrk` against a production-style server with the demo data.

The server is tests/server.py's (gunicorn, workers = cores, its own fresh database filled by
`manage.py demo`), with DEBUG off, persistent database connections, look-ups recorded in batches of 20 (the
production default) and, when `redis-server` and redis-py are present, Redis as the cache (a throw-away
redis-server on a free port); otherwise each worker's local memory holds the pages and the stamps are in the
database. It runs twice: gthread workers (4 threads each, HTTP keep-alive — what wrk's 64 connections and a
phone fetching the page and its CSS/JS both use) and sync workers (one request per connection).

Workers = cores: the page is CPU-bound, and on this 2-core machine 3, 4 or 6 sync workers gave fewer requests/s
and a longer p99 than 2 (more processes than cores only adds switching; measured 2026-11-26).

Each configuration is warmed up first (--warmup seconds of the same load, not counted: every worker opens its
database connection, loads its templates and fills its own memory copy of the page), then measured, each for
--duration seconds at --connections connections (`wrk --latency`):

  cached    GET /t/{demo lot} (Accept: text/html), the page's chain part served from the cache; per request
            the stamps are read, the open recalls checked, the look-up recorded and the page put together.
  uncached  the same URL with the header X-FoodTrace-No-Cache: 1, which the server honours only because the
            bench starts it with FOODTRACE_PUBLIC_BENCH_BYPASS=1: the chain part (backward trace, the documents
            query, code rows, certificates, rendering) is computed on every request; the per-request part is
            the same as above. Nothing else differs.

wrk runs on the same machine and shares its cores with the server (and with whatever else runs there: the
load average is printed).

    .venv/bin/python bench/public.py                      # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/public.py
"""

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEMO_LOT = "TD0000000000MKT1"  # demo chain D000: the market's part sold to the supermarket
TARGETS = {"cached": {"rps": 1500, "p99_ms": 50}, "uncached": {"rps": 300}}
GUNICORN_ARGS = {"gthread": "--worker-class gthread --threads 4 --keep-alive 5", "sync": ""}


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("wrk is missing: apt-get install -y wrk", flush=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, stdout=subprocess.DEVNULL)
        found = shutil.which("wrk")
    if not found:
        sys.exit("wrk is needed: apt-get install -y wrk (Debian/Ubuntu), then run this again")
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_redis(choice: str):
    """A throw-away redis-server (no persistence) and its URL, or (None, "") without one."""
    if choice == "off":
        return None, ""
    try:
        import redis  # noqa: F401 (Django's RedisCache needs redis-py)
    except ImportError:
        if choice == "on":
            sys.exit("--redis on needs redis-py: .venv/bin/pip install redis")
        return None, ""
    server = shutil.which("redis-server")
    if not server:
        if choice == "on":
            sys.exit("--redis on needs redis-server: apt-get install -y redis-server")
        return None, ""
    port = free_port()
    process = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
                                "no", "--maxmemory-policy", "volatile-lru"], stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process, f"redis://127.0.0.1:{port}/0"
        except OSError:
            time.sleep(0.1)
    process.kill()
    sys.exit("redis-server did not start")


def parse_wrk(output: str) -> dict:
    def ms(value: str) -> float:
        number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
        return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    latency = dict(re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+(?:us|ms|s))\s*$", output, re.MULTILINE))
    requests = re.search(r"(\d+) requests in", output)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"Socket errors: (.*)", output)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
            "p50_ms": ms(latency["50"]), "p99_ms": ms(latency["99"]), "requests": int(requests.group(1)),
            "non_2xx": int(errors.group(1)) if errors else 0, "socket_errors": sockets.group(1) if sockets else ""}


def run_wrk(wrk: str, url: str, *, connections: int, duration: int, threads: int, headers=()) -> dict:
    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s",
               "-H", "Accept: text/html"]
    for header in headers:
        command += ["-H", header]
    result = subprocess.run([*command, url], capture_output=True, text=True, check=True)
    return {**parse_wrk(result.stdout), "raw": result.stdout}


def fetch(url: str, headers: dict | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Accept": "text/html", **(headers or {})})
    with urllib.request.urlopen(request, timeout=30) as response:  # our own loopback server
        return response.status, response.read().decode()


def count_scans(database_url: str) -> int:
    if database_url.startswith("postgres"):
        import psycopg

        with psycopg.connect(database_url) as conn:
            return conn.execute("SELECT count(*) FROM public_scan").fetchone()[0]
    import sqlite3

    with sqlite3.connect(database_url.removeprefix("sqlite:///")) as conn:
        return conn.execute("SELECT count(*) FROM public_scan").fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (they share the CPUs with the server)")
    parser.add_argument("--businesses", type=int, default=120)
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (default: one per core)")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of load before each measurement")
    parser.add_argument("--redis", choices=("auto", "on", "off"), default="auto")
    parser.add_argument("--worker-class", choices=("gthread", "sync", "both"), default="both",
                        help="gunicorn workers: gthread (4 threads each, HTTP keep-alive) and/or sync (one request "
                             "per connection)")
    parser.add_argument("--no-participation", action="store_true",
                        help="without the ratings panel (foodtrace.participation) on the page, to see its cost")
    args = parser.parse_args()

    wrk = ensure_wrk()
    cores = os.cpu_count() or 1
    workers = args.workers or cores
    redis_process, redis_url = start_redis(args.redis)
    # Production-style: DEBUG off, persistent database connections, look-ups recorded in batches.
    os.environ.update({"DJANGO_DEBUG": "0", "DB_CONN_MAX_AGE": "60", "FOODTRACE_PUBLIC_BENCH_BYPASS": "1",
                       "FOODTRACE_SCAN_BATCH": "20",
                       "FOODTRACE_PUBLIC_PARTICIPATION_PANEL": "0" if args.no_participation else "1"})
    os.environ.pop("FOODTRACE_CACHE_URL", None)
    os.environ.pop("REDIS_URL", None)
    if redis_url:
        os.environ["FOODTRACE_CACHE_URL"] = redis_url
    from tests.server import Server

    tmp = Path(tempfile.mkdtemp(prefix="bench-public-"))
    print(f"demo city of {args.businesses} businesses in {tmp} …", flush=True)
    server = Server(tmp, "bench_public", businesses=args.businesses)
    classes = ("gthread", "sync") if args.worker_class == "both" else (args.worker_class,)
    results = {}
    try:
        for worker_class in classes:
            # gunicorn reads extra options from GUNICORN_CMD_ARGS; tests/server.py's command line stays as it is.
            server.env["GUNICORN_CMD_ARGS"] = GUNICORN_ARGS[worker_class]
            server.start(workers=workers)
            url = f"{server.url}/t/{DEMO_LOT}"
            status, page = fetch(url)
            assert status == 200 and 'data-testid="timeline"' in page, "the demo lot's page did not render"
            for name, headers in (("cached", ()), ("uncached", ("X-FoodTrace-No-Cache: 1",))):
                fetch(url, dict(h.split(": ", 1) for h in headers))
                if args.warmup:
                    run_wrk(wrk, url, connections=args.connections, duration=args.warmup, threads=args.threads,
                            headers=headers)
                print(f"wrk {worker_class} {name}: {args.connections} connections, {args.duration} s …", flush=True)
                results[(worker_class, name)] = run_wrk(wrk, url, connections=args.connections,
                                                        duration=args.duration, threads=args.threads, headers=headers)
            server.stop()  # workers write their last batch of look-ups as they exit
        recorded = count_scans(server.database_url)
    finally:
        server.close()
        if redis_process:
            redis_process.terminate()
            redis_process.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)

    database = "PostgreSQL" if server.database_url.startswith("postgres") else "SQLite"
    cache = "Redis (stamps in Redis)" if redis_url else "local memory (stamps in the database)"
    panel = "without" if args.no_participation else "with"
    load = os.getloadavg()[0]
    print(f"\n{cores} cores, {workers} gunicorn workers, {database}, cache: {cache}, {panel} the participation "
          f"panel, wrk -t{args.threads} -c{args.connections} -d{args.duration}s on the same machine "
          f"(load average at the end {load:.1f})\n")
    print("| workers | page | requests/s | p50 ms | p99 ms | non-2xx | target |")
    print("|---|---|---:|---:|---:|---:|---|")
    for (worker_class, name), found in results.items():
        target = TARGETS[name]
        wanted = f"≥ {target['rps']:,} req/s" + (f", p99 ≤ {target['p99_ms']} ms" if "p99_ms" in target else "")
        met = found["rps"] >= target["rps"] and found["p99_ms"] <= target.get("p99_ms", float("inf"))
        print(f"| {worker_class} | {name} | {found['rps']:,.0f} | {found['p50_ms']:.1f} | {found['p99_ms']:.1f} | "
              f"{found['non_2xx']} | {wanted}: {'met' if met else 'missed'} |")
    total = sum(r["requests"] for r in results.values())
    print(f"\nlook-ups recorded: {recorded:,} (wrk counted {total:,} measured requests; the warm-up runs and the "
          f"{3 * len(classes)} single warm-up requests come on top; wrk does not count those still running when it "
          f"stops)")
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "public.json").write_text(json.dumps({"cores": cores, "workers": workers, "database": database,
                                                 "cache": cache, "participation_panel": not args.no_participation,
                                                 "results": {f"{k[0]} {k[1]}": v for k, v in results.items()},
                                                 "recorded": recorded}, indent=2))


if __name__ == "__main__":
    main()
