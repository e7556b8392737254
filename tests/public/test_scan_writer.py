"""On SQLite (the embedded default) a look-up never queues for the database's one writer.

Needs a database file that a second connection can lock, so it runs in a process of its own against a fresh,
migrated SQLite file (the suite's SQLite database lives in memory). The behaviour is SQLite's: PostgreSQL has
no single writer.
"""

import os
import subprocess
import sys
import textwrap

from tests.server import ROOT

SCRIPT = textwrap.dedent("""
    import sqlite3, sys, time
    import django
    django.setup()
    from django.db import connection
    from foodtrace.public import scans
    from foodtrace.public.models import Scan

    other = sqlite3.connect(sys.argv[1], isolation_level=None)  # another worker, in the middle of its write
    other.execute("BEGIN IMMEDIATE")
    scans.record(key="plot:T1", kind="platform_lot", found=True, agent="phone")
    started = time.perf_counter()
    print("kept", scans.flush(wait=False), len(scans.pending("plot:T1")), time.perf_counter() - started)
    other.execute("COMMIT")
    print("written", scans.flush(), Scan.objects.filter(key="plot:T1").count())
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        print("timeout", cursor.fetchone()[0])
""")


def test_a_due_batch_waits_in_memory_while_another_process_writes(tmp_path):
    database = tmp_path / "scans.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOODTRACE_TEST")}
    env.update({"DATABASE_URL": f"sqlite:///{database}", "FOODTRACE_DATA_DIR": str(tmp_path),
                "DJANGO_SETTINGS_MODULE": "foodtrace.settings", "FOODTRACE_ENV": "development",
                "PYTHONPATH": str(ROOT)})
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(database)], cwd=ROOT, env=env, check=True,
                            capture_output=True, text=True)
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines())
    written_now, still_pending, seconds = lines["kept"].split()
    assert (written_now, still_pending) == ("0", "1")  # nothing written, nothing lost
    assert float(seconds) < 1  # not the 10 s busy timeout
    assert lines["written"] == "1 1"  # the next flush writes it
    assert lines["timeout"] == "10000"  # the connection's busy timeout is back for every other write
