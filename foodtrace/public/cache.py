"""The product page cache: the expensive chain part of a page, rendered, per lot, language and layout.

Key: the lot's key (hashed), the language, the layout (phone page or kiosk) and today's date (licences turn
"expiring" and "expired" by the calendar). Value: the rendered fragment with what the per-request part needs
(the chain's lot keys for the recall check, the product for the participation panel) and the names it depends
on; it is used only while ``stamps.fresh`` says none of them changed since it was read (see stamps.py).

The open recalls are one more small entry (``ftrecalls``), valid while the ``recalls`` stamp is older. A hit
costs two cache round trips (the page and the recalls together, then their stamps) and no database query
when the stamps are in Redis (one small query when they are in the database).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from foodtrace.identifiers import CanonicalId
from foodtrace.public.product import Facts, build
from foodtrace.recall.models import Recall, RecallLot
from foodtrace.stamps import store as stamps

log = logging.getLogger(__name__)

RECALLS_KEY = "ftrecalls"
_local: OrderedDict[str, dict] = OrderedDict()  # this process's copies, newest last
_local_lock = threading.Lock()


def page_key(cid: CanonicalId, language: str, layout: str) -> str:
    return f"ftpage:{stamps.hashed(cid.key)}:{language}:{layout}:{timezone.localdate().isoformat()}"


def _get_many(keys: list[str]) -> dict:
    try:
        return cache.get_many(keys)
    except Exception:  # the cache is an accelerator: without it every request computes
        log.exception("public page cache unreachable")
        return {}


def _set(key: str, value, timeout: int) -> None:
    try:
        cache.set(key, value, timeout=timeout)
    except Exception:
        log.exception("public page cache unreachable")


def entry_of(facts: Facts, t0: int) -> dict:
    return {
        "t0": t0, "found": facts.found, "status": 200 if facts.found else 404, "html": "",
        "title": (facts.product or {}).get("name") or facts.display, "display": facts.display,
        "kind": facts.cid.kind, "lot_key": facts.lot_key, "product_id": (facts.product or {}).get("id"),
        "chain_keys": facts.chain_keys or [facts.cid.key], "depends_on": sorted(set(facts.depends_on)),
        "complete": facts.complete,
    }


def open_recalls() -> dict[str, list[dict]]:
    """Every lot named by an open recall → the recalls (few at any time: one small query)."""
    found: dict[str, list[dict]] = {}
    for key, number, level, reason, started in RecallLot.objects.filter(recall__status=Recall.Status.OPEN) \
            .values_list("key", "recall__number", "recall__level", "recall__reason", "recall__created_at"):
        found.setdefault(key, []).append({"number": number, "level": level, "reason": reason, "started": started})
    return found


def _local_get(key: str) -> dict | None:
    with _local_lock:
        entry = _local.get(key)
        if entry is None:
            return None
        if entry["expires"] < time.monotonic():
            del _local[key]
            return None
        _local.move_to_end(key)
        return entry


def _keep(key: str, entry: dict, *, shared: bool = True) -> None:
    """Into this process's memory, and (unless it came from there) into the shared cache."""
    entry.setdefault("expires", time.monotonic() + settings.FOODTRACE_PUBLIC_CACHE_SECONDS)
    with _local_lock:
        _local[key] = entry
        _local.move_to_end(key)
        while len(_local) > settings.FOODTRACE_PUBLIC_LOCAL_PAGES:
            _local.popitem(last=False)
    if shared:
        _set(key, entry, settings.FOODTRACE_PUBLIC_CACHE_SECONDS)


def page(cid: CanonicalId, language: str, layout: str, render: Callable[[Facts, dict], str], *,
         bypass: bool = False) -> tuple[dict, dict[str, list[dict]]]:
    """(page entry, open recalls by lot key), each from the cache when still fresh, else computed and kept.

    Two levels: this process's memory first, then the shared cache. Whichever copy is used is checked against
    the stamps on every request, so a copy in one process's memory is never staler than the shared one; a hit
    in memory costs one round trip (the stamps)."""
    key = page_key(cid, language, layout)
    entry = None if bypass else _local_get(key)
    recalls = _local_get(RECALLS_KEY)
    wanted = [k for k, found in ((key, entry), (RECALLS_KEY, recalls)) if found is None and not (bypass and k == key)]
    if wanted:
        shared = _get_many(wanted)
        for name, value in shared.items():
            value.pop("expires", None)  # this process's clock
            _keep(name, value, shared=False)
        entry, recalls = entry or shared.get(key), recalls or shared.get(RECALLS_KEY)
    try:
        current = stamps.read([*(entry["depends_on"] if entry else ()), stamps.RECALLS])
    except Exception:  # the stamps cannot be read (cache down): nothing cached can be trusted, compute all
        log.exception("public page stamps unreachable")
        return _uncached(cid, render)
    if entry is not None and not stamps.fresh(entry["t0"], current, entry["depends_on"]) and key not in wanted:
        entry = _get_many([key]).get(key)  # another process may have rebuilt it already
        if entry is not None and not stamps.fresh(entry["t0"], stamps.read(entry["depends_on"]), entry["depends_on"]):
            entry = None
        elif entry is not None:
            entry.pop("expires", None)
            _keep(key, entry, shared=False)
    if entry is None or not stamps.fresh(entry["t0"], current, entry["depends_on"]):
        t0 = stamps.now()  # before the first read: whatever committed earlier is in what is read now
        facts = build(cid)
        entry = entry_of(facts, t0)
        entry["html"] = render(facts, entry)
        if facts.complete and not bypass:
            _keep(key, entry)
    if recalls is None or not stamps.fresh(recalls["t0"], current, [stamps.RECALLS]):
        t0 = stamps.now()
        recalls = {"t0": t0, "lots": open_recalls()}
        _keep(RECALLS_KEY, recalls)
    return entry, recalls["lots"]


def _uncached(cid: CanonicalId, render: Callable[[Facts, dict], str]) -> tuple[dict, dict[str, list[dict]]]:
    facts = build(cid)
    entry = entry_of(facts, stamps.now())
    entry["html"] = render(facts, entry)
    return entry, open_recalls()


def clear_local() -> None:
    with _local_lock:
        _local.clear()


def recall_notices(chain_keys: list[str], recalls: dict[str, list[dict]]) -> list[dict]:
    """The open recalls of this lot or of any lot upstream of it (the chain is the backward walk)."""
    found = {}
    for key in chain_keys:
        for recall in recalls.get(key, ()):
            found.setdefault(recall["number"], {**recall, "level_label": Recall.Level(recall["level"]).label})
    return sorted(found.values(), key=lambda r: (r["level"], r["number"]))
