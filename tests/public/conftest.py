"""The public look-up on the pork chain of tests/pork_chain.py (fresh businesses with contact people and phone
numbers that must never reach a public page), captured through the capture service."""

import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from foodtrace.public import cache as page_cache
from foodtrace.public import scans
from foodtrace.trace.capture import events_capture
from tests.pork_chain import build_pork_chain
from tests.trace.conftest import document, object_event

PAGE = {"HTTP_ACCEPT": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
M1 = "/t/T00000000000MKT1"  # the market's part sold to the supermarket


@pytest.fixture(autouse=True)
def _public_settings(settings):
    """Every test starts with an empty page cache (the database is rolled back between tests, the process's
    cache is not), writes look-ups at once, and allows no clock skew (one clock here)."""
    settings.FOODTRACE_SCAN_BATCH = 1
    settings.FOODTRACE_PUBLIC_CLOCK_SKEW_MS = 0
    cache.clear()
    page_cache.clear_local()
    scans._pending.clear()
    yield settings
    cache.clear()
    page_cache.clear_local()
    scans._pending.clear()


@pytest.fixture
def chain(db):
    return build_pork_chain()


def record(chain, role: str, *events):
    """Capture events as the business of ``role`` records them (its own location)."""
    body = json.dumps(document(*events), ensure_ascii=False).encode()
    result = events_capture(actor=chain.users[role], content=body, content_type="application/ld+json")
    assert result.job.status == "success", result.job.errors
    return result


def event_at(chain, role: str, lot: str, qty: float, *, step: str, time: str, **extra) -> dict:
    return object_event(chain.locations[role].code, lots=[(lot, qty)], biz_step=step, time=time, **extra)


def text_of(response) -> str:
    return response.content.decode()


class statements(CaptureQueriesContext):
    """The SQL statements a block sends, without transaction control (the look-up record is written in its own
    transaction, which inside a test is a savepoint)."""

    def __init__(self):
        super().__init__(connection)

    @property
    def sql(self) -> list[str]:
        return [q["sql"] for q in self.captured_queries
                if not q["sql"].upper().startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "BEGIN", "COMMIT"))]
