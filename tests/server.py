"""A real FoodTrace server process for tests that need one (browser tests, crash tests).

It gets its own database — a fresh SQLite file, or a fresh PostgreSQL database
when the suite runs on PostgreSQL — migrated and filled by `manage.py demo`.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fresh_database(tmp_dir: Path, label: str):
    """A URL for the server's own database, and a function that removes it afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp_dir / (label + '.sqlite3')}", lambda: None
    import psycopg

    base, _, name = url.rpartition("/")
    database = f"{name}_{label}_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{database}"')

    def drop():
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')

    return f"{base}/{database}", drop


class Server:
    """gunicorn serving foodtrace.wsgi on a free loopback port."""

    def __init__(self, tmp_dir: Path, label: str, businesses: int = 120):
        self.tmp_dir = tmp_dir
        self.database_url, self._drop = fresh_database(tmp_dir, label)
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("FOODTRACE_TEST")}
        self.env.update({"DATABASE_URL": self.database_url, "FOODTRACE_DATA_DIR": str(tmp_dir),
                         "DJANGO_SETTINGS_MODULE": "foodtrace.settings", "FOODTRACE_ENV": "development",
                         # As `make demo` runs: development mode without Django's debug pages.
                         "DJANGO_DEBUG": "0"})
        self.manage("migrate", "--noinput")
        self.demo_output = self.manage("demo", "--businesses", str(businesses))
        self.process = None
        self.url = ""

    def manage(self, *args) -> str:
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, check=True,
                                capture_output=True, text=True)
        return result.stdout

    def start(self, workers: int = 2) -> "Server":
        port = free_port()
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [str(gunicorn), "foodtrace.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers), "--timeout", "120"],
            cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        self.url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=2)  # noqa: S310 (our loopback server)
                return self
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.kill()
                    raise RuntimeError("the platform did not start: "
                                       + self.process.stderr.read().decode()[-3000:]) from None
                time.sleep(0.3)

    def kill(self) -> None:
        """SIGKILL the whole process group: no shutdown hooks, like a power cut of the process."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def close(self) -> None:
        self.stop()
        self._drop()
