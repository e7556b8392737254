"""Recording look-ups (``Scan``) and reading the counterfeit signs of a unit code from them.

Nothing personal is kept: no network address, the browser only as a class, the place only if the browser
offered it and rounded to 0.1°. Rows are written in small batches (``FOODTRACE_SCAN_BATCH`` rows or
``FOODTRACE_SCAN_BATCH_SECONDS``, whichever comes first, and when the process exits): one INSERT for many
look-ups keeps the database out of the page's hot path. A process killed outright loses what is pending.

On SQLite a request does not wait for the database's one writer: when another process is writing, the batch
stays pending and goes with the next one (SQLite's busy handler sleeps 1, 2, 5, 10 … ms between tries, which
was the slowest hundredth of cached look-ups under load). Only a backlog of ``BACKLOG_BATCHES`` batches, or
the process's exit, waits for the lock.
"""

from __future__ import annotations

import atexit
import logging
import math
import re
import threading
import time
from contextlib import contextmanager
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from foodtrace.public.models import Scan

log = logging.getLogger(__name__)

BOTS = re.compile(r"bot|crawl|spider|slurp|curl|wget|python|httpclient|java/|go-http|okhttp|wrk|headless",
                  re.IGNORECASE)
PHONES = re.compile(r"mobile|android|iphone|ipad|harmonyos|micromessenger|alipay", re.IGNORECASE)
KIOSK_ID = re.compile(r"[A-Za-z0-9_.-]{1,40}")
EARTH_KM = 6371.0
BACKLOG_BATCHES = 10


class Pending(NamedTuple):
    """A look-up not written yet: the columns of ``Scan``, in its table's order (see COLUMNS)."""

    at: datetime
    key: str
    kind: str
    found: bool
    latitude: Decimal | None
    longitude: Decimal | None
    agent: str
    source: str
    kiosk: str
    language: str


COLUMNS = Pending._fields
_pending: list[Pending] = []
_lock = threading.Lock()
_oldest = 0.0


def agent_class(user_agent: str, *, kiosk: bool = False) -> str:
    if kiosk:
        return Scan.Agent.KIOSK
    if not user_agent:
        return Scan.Agent.OTHER
    if BOTS.search(user_agent):
        return Scan.Agent.BOT
    if PHONES.search(user_agent):
        return Scan.Agent.PHONE
    if "Mozilla/" in user_agent:
        return Scan.Agent.DESKTOP
    return Scan.Agent.OTHER


def coarse(value, limit: float) -> Decimal | None:
    """A coordinate rounded to 0.1° (about 11 km), or None when absent or not a coordinate."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number) or abs(number) > limit:
        return None
    try:
        return Decimal(f"{round(number, 1):.1f}")
    except InvalidOperation:
        return None


def kiosk_id(value: str | None) -> str:
    value = (value or "").strip()
    return value if KIOSK_ID.fullmatch(value) else ""


def record(*, key: str, kind: str, found: bool, agent: str, source: str = Scan.Source.LINK, latitude=None,
           longitude=None, kiosk: str = "", language: str = "") -> Pending:
    both = latitude is not None and longitude is not None  # a place is both coordinates or none
    scan = Pending(timezone.now(), key[:300], kind[:20], found, latitude if both else None,
                   longitude if both else None, agent, source, kiosk, language[:8])
    global _oldest
    batch = max(1, getattr(settings, "FOODTRACE_SCAN_BATCH", 1))
    with _lock:
        if not _pending:
            _oldest = time.monotonic()
        _pending.append(scan)
        due = len(_pending) >= batch or time.monotonic() - _oldest >= settings.FOODTRACE_SCAN_BATCH_SECONDS
        backlog = len(_pending) >= batch * BACKLOG_BATCHES
    if due:
        flush(wait=backlog)
    return scan


class _Busy(Exception):
    """Another connection holds SQLite's write lock."""


def flush(*, wait: bool = True) -> int:
    """Write the pending look-ups in one statement (raw ``executemany``: the ORM's bulk_create of Scan objects
    cost a quarter of a cached page); how many were written. ``wait=False``: on SQLite, when another process
    is writing, write nothing now and keep them pending (0)."""
    with _lock:
        rows = _pending[:]
        _pending.clear()
    if not rows:
        return 0
    table, fields = Scan._meta.db_table, [Scan._meta.get_field(name) for name in COLUMNS]
    statement = (f"INSERT INTO {table} ({', '.join(f.column for f in fields)}) "  # noqa: S608 (model's own names)
                 f"VALUES ({', '.join(['%s'] * len(fields))})")
    adapt = connection.ops.adapt_datetimefield_value
    try:
        with _writer(wait), transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(statement, [(adapt(row.at), *row[1:]) for row in rows])
    except _Busy:
        with _lock:
            _pending[:0] = rows  # oldest first, before what came in meanwhile
        return 0
    except Exception:  # a look-up must never fail because its record could not be written
        log.exception("could not record %d public look-ups", len(rows))
        return 0
    return len(rows)


@contextmanager
def _writer(wait: bool):
    """On SQLite without ``wait``: no busy waiting for the write lock (busy_timeout 0 for this transaction);
    a lock held by another connection raises ``_Busy``."""
    if wait or connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        timeout = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA busy_timeout = 0")
    try:
        yield
    except OperationalError as error:
        if "locked" in str(error):
            raise _Busy from error
        raise
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {timeout}")


atexit.register(flush)


def pending(key: str) -> list[Pending]:
    with _lock:
        return [scan for scan in _pending if scan.key == key]


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def counterfeit_signs(key: str, kind: str, latitude=None, longitude=None) -> list[str]:
    """Why a unit code (sgtin) looks copied: scanned far more often than one package ever is, or in two places
    too far apart for one package within a few hours. Lots are scanned by many buyers; they are not judged."""
    if kind != "sgtin":
        return []
    limit, hours = settings.FOODTRACE_SCAN_LIMIT, settings.FOODTRACE_SCAN_LIMIT_HOURS
    near_hours, far_km = settings.FOODTRACE_SCAN_DISTANCE_HOURS, settings.FOODTRACE_SCAN_DISTANCE_KM
    now = timezone.now()
    since = now - timedelta(hours=max(hours, near_hours))
    earlier = list(Scan.objects.filter(key=key, found=True, at__gte=since).exclude(agent=Scan.Agent.BOT)
                   .order_by("-at").values_list("at", "latitude", "longitude")[:limit + 1])
    earlier += [(s.at, s.latitude, s.longitude) for s in pending(key) if s.found and s.agent != Scan.Agent.BOT]
    signs = []
    count_window = now - timedelta(hours=hours)
    if sum(1 for at, *_ in earlier if at >= count_window) + 1 > limit:
        signs.append(_("This code has been looked up more than %(limit)d times in %(hours)d hours; one package "
                       "is not scanned that often.") % {"limit": limit, "hours": hours})
    near_window = now - timedelta(hours=near_hours)
    places = [(float(lat), float(lon)) for at, lat, lon in earlier if at >= near_window and lat is not None
              and lon is not None]
    if latitude is not None and longitude is not None:
        places.append((float(latitude), float(longitude)))
    if any(distance_km(a, b) > far_km for i, a in enumerate(places) for b in places[i + 1:]):
        signs.append(_("This code was looked up in places more than %(km)d km apart within %(hours)d hours; one "
                       "package cannot travel that fast.") % {"km": far_km, "hours": near_hours})
    return signs
