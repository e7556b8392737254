"""Browser tests: Debian's Chromium (driven by Playwright) against a real server process.

The server is gunicorn on a free local port, with its own database (a fresh
SQLite file, or a fresh PostgreSQL database when the suite runs on
PostgreSQL) migrated and filled by `manage.py demo`, exactly as a user would.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    reason = "Debian's chromium is not installed (apt-get install chromium)"
    if os.environ.get("FOODTRACE_REQUIRE_BROWSER"):
        raise pytest.UsageError(f"browser tests are required here but {reason}")
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.skip(reason=reason))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_for_server(tmp_dir: Path):
    """A URL for the server's own database, and a function that removes it afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp_dir / 'browser.sqlite3'}", lambda: None
    import psycopg

    base, _, name = url.rpartition("/")
    browser_db = f"{name}_browser_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{browser_db}"')
        conn.execute(f'CREATE DATABASE "{browser_db}"')

    def drop():
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{browser_db}" WITH (FORCE)')

    return f"{base}/{browser_db}", drop


class Platform:
    def __init__(self, url: str, demo_output: str, password: str):
        self.url = url
        self.demo_output = demo_output
        self.password = password
        self._last_step: dict[str, int] = {}

    def totp_secret(self, username: str) -> str:
        for line in self.demo_output.splitlines():
            if re.search(rf"(^|\s){re.escape(username)}(\s|$)", line):
                found = re.findall(r"\b[A-Z2-7]{26,}\b", line)
                if found:
                    return found[-1]
        raise AssertionError(f"no TOTP secret for {username} in the demo output")

    def totp_code(self, username: str) -> str:
        """A fresh code; django-otp rightly refuses a code already used, so wait for the next one if needed."""
        import pyotp

        totp = pyotp.TOTP(self.totp_secret(username))
        while totp.timecode(datetime.now()) <= self._last_step.get(username, -1):
            time.sleep(1)
        self._last_step[username] = totp.timecode(datetime.now())
        return totp.now()


@pytest.fixture(scope="session")
def platform(tmp_path_factory):
    if not CHROMIUM:
        pytest.skip("no chromium")
    tmp_dir = tmp_path_factory.mktemp("platform")
    database_url, drop_database = _database_for_server(tmp_dir)
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOODTRACE_TEST")}
    env.update({"DATABASE_URL": database_url, "FOODTRACE_DATA_DIR": str(tmp_dir), "DJANGO_SETTINGS_MODULE":
                "foodtrace.settings", "FOODTRACE_ENV": "development"})
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    demo = subprocess.run([python, "manage.py", "demo", "--businesses", "120"], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True)
    port = _free_port()
    gunicorn = Path(python).with_name("gunicorn")
    server = subprocess.Popen([str(gunicorn), "foodtrace.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2",
                               "--timeout", "120"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/healthz", timeout=2)  # noqa: S310 (our own loopback server)
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError("the platform did not start: " + server.stderr.read().decode()[-3000:]) from None
            time.sleep(0.3)
    from django.conf import settings

    yield Platform(url, demo.stdout, settings.DEMO_PASSWORD)
    server.terminate()
    server.wait(timeout=30)
    drop_database()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    context.close()


def log_in(page, platform, username: str, *, totp: bool = True):
    page.goto(platform.url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(platform.password)
    page.get_by_role("button", name="登录").click()
    if totp:
        page.wait_for_url(re.compile(r"/accounts/otp/verify/"))
        page.get_by_label("6 位验证码").fill(platform.totp_code(username))
        page.get_by_role("button", name="验证").click()
    # Logged in once the browser has left the log-in and second-factor pages.
    page.wait_for_url(lambda url: "/accounts/" not in url)
