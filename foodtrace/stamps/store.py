"""Change stamps: when the data behind a cached public page last changed.

A stamp is a name — a lot's canonical key, ``u:{USCC}`` for a business, ``doc:{value}`` for a business
document, ``ratings:{lot key}`` / ``ratings:product:{id}`` for the public's ratings, or ``recalls`` /
``registry`` — and the wall-clock time (ns) of its last change, written after the
change committed. A cached page remembers when it started reading the database (``t0``) and which names it
depends on; it is reused only while every one of them is older than ``t0`` (less the allowed clock skew).
So a page can never be older than a committed change it depends on: a change that committed before ``t0`` was
seen by the page's reads, and one that was stamped after it makes the page unusable.

Stamps are written set-based — one ``cache.set_many`` (Redis) or one upsert (database) for all the names of a
capture document — and read with one ``get_many`` or one query. Where they live: the cache when it is shared
between processes (Redis), else the database table ``public_stamp`` (``models.Stamp``; the local memory cache
of one process cannot tell the others; see docs/public.md).
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

from foodtrace.db import sql

log = logging.getLogger(__name__)

RECALLS = "recalls"
REGISTRY = "registry"
PREFIX = "ftps:"
CHUNK = 500
PROCESS_LOCAL = ("LocMemCache", "DummyCache")


def business(uscc: str) -> str:
    return f"u:{uscc}"


def document(value: str) -> str:
    return f"doc:{value}"


def ratings(lot_key: str | None, product_id: int | None) -> list[str]:
    """The stamps of a ratings panel: the lot's ratings and the product's (the panel shows both)."""
    return [name for name in (lot_key and f"ratings:{lot_key}", product_id and f"ratings:product:{product_id}")
            if name]


def hashed(name: str) -> str:
    """Fixed length whatever the key (lots may be 300 characters): 32 hex characters."""
    return hashlib.blake2b(name.encode(), digest_size=16).hexdigest()


def store() -> str:
    chosen = getattr(settings, "FOODTRACE_PUBLIC_STAMPS", "")
    if chosen in ("cache", "db"):
        return chosen
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    return "db" if backend in PROCESS_LOCAL else "cache"


def skew_ns() -> int:
    return getattr(settings, "FOODTRACE_PUBLIC_CLOCK_SKEW_MS", 1000) * 1_000_000


def stamp_timeout() -> int:
    # Longer than any page lives: a stamp must not vanish while a page it invalidates could still be used.
    return 2 * getattr(settings, "FOODTRACE_PUBLIC_CACHE_SECONDS", 86400) + 3600


def now() -> int:
    return time.time_ns()


def bump(names: Iterable[str]) -> None:
    """Mark these names changed now (after the change committed)."""
    hashes = sorted({hashed(name) for name in names if name})
    if not hashes:
        return
    at = now()
    try:
        if store() == "cache":
            for i in range(0, len(hashes), CHUNK * 10):
                cache.set_many({PREFIX + h: at for h in hashes[i:i + CHUNK * 10]}, timeout=stamp_timeout())
        else:
            _upsert(hashes, at)
    except Exception:  # a change must never fail because the page cache is unreachable
        log.exception("could not stamp %d public page dependencies; cached pages expire by age", len(hashes))


def _upsert(hashes: list[str], at: int) -> None:
    """One upsert for all the names (raw SQL: the ORM's bulk_create of ~3,000 Stamp objects per capture document
    was a tenth of the capture's time). Sorted names: two writers lock rows in the same order."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO public_stamp (name, at) SELECT unnest(%s::text[]), %s "
                           "ON CONFLICT (name) DO UPDATE SET at = EXCLUDED.at", [hashes, at])
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany("INSERT INTO public_stamp (name, at) VALUES (%s, %s) "
                           "ON CONFLICT (name) DO UPDATE SET at = excluded.at", [(h, at) for h in hashes])


def bump_after_commit(names: Iterable[str]) -> None:
    names = set(names)
    if names:
        transaction.on_commit(lambda: bump(names), robust=True)


def read(names: Iterable[str]) -> dict[str, int]:
    """The stamps of these names (0 for a name never stamped), in one round trip."""
    names = list(dict.fromkeys(names))
    by_hash = {hashed(name): name for name in names}
    found = dict.fromkeys(names, 0)
    if store() == "cache":
        values = cache.get_many([PREFIX + h for h in by_hash])
        for key, value in values.items():
            found[by_hash[key[len(PREFIX):]]] = value or 0
        return found
    match, params = sql.any_of("name", list(by_hash))
    for name, at in sql.fetch(f"SELECT name, at FROM public_stamp WHERE {match}", params):  # noqa: S608
        found[by_hash[name]] = at
    return found


def fresh(t0: int, stamps: dict[str, int], names: Iterable[str]) -> bool:
    """Whether something read from the database at ``t0`` is still current for these names."""
    limit = t0 - skew_ns()
    return all(stamps.get(name, 0) < limit for name in names)


def keys_of_events(projected) -> set[str]:
    """Every identifier a captured document names (lots, units, containers, parents, the trace edges' ends)."""
    keys: set[str] = set()
    for event in projected:
        keys.update(identifier[1] for identifier in event.identifiers)
        keys.update(key for edge in event.edges for key in edge[1:4] if key)
        if event.parent_key:
            keys.add(event.parent_key)
    return keys


def touch_after_commit(projected) -> None:
    """Called by capture inside its transaction: the public pages of these lots are stale once it commits."""
    bump_after_commit(keys_of_events(projected))
