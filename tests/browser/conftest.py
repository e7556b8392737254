"""Browser tests: Debian's Chromium (driven by Playwright) against a real server process.

The server is a real gunicorn process with its own database filled by
`manage.py demo` (tests/server.py), exactly as a user would run it.
"""

import os
import re
import shutil
import time
from datetime import datetime

import pytest

from tests.server import Server

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
    from django.conf import settings

    server = Server(tmp_path_factory.mktemp("platform"), "browser").start()
    yield Platform(server.url, server.demo_output, settings.DEMO_PASSWORD)
    server.close()


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
