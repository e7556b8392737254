"""Trace forward and back (顺向可追踪、逆向可溯源) over the trace graph captured with the events.

The walk is breadth-first, one set-based query per level and direction on
``TraceEdge`` (``from_key = ANY(frontier)`` forward, ``to_key = ANY(frontier)``
backward). A recursive CTE would be one round trip fewer per level, but
it cannot run on distributed tables (Citus, docs/scaling.md), and keeping
the frontier in Python is also what bounds depth, stops at cycles (returns,
reprocessing) and keeps to a principal's scope. ``shipped-to`` edges are not
walked — a business receives many lots, and following it would join unrelated
goods — they are attached to the lots found.

Forward from a lot: what it was transformed into, split into, packed into,
and so on. Backward: the reverse. ``both`` walks each way from the root
(not backward from what was found forward, which would pull in the other
inputs' farms as if they were this lot's).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from django.db import connection

from foodtrace.db import sql
from foodtrace.identifiers.epc import CanonicalId, canonical_from_key, canonical_id
from foodtrace.identifiers.errors import IdentifierError
from foodtrace.regions.scoping import scope_sql
from foodtrace.trace.models import TraceEdge
from foodtrace.trace.models.event import EventType

EDGE = TraceEdge.Kind
WALKED = (EDGE.TRANSFORMED_INTO, EDGE.SPLIT_INTO, EDGE.CONTAINED_IN)
DIRECTIONS = ("backward", "forward", "both")
MAX_DEPTH = 64
EDGE_NAMES = dict(EDGE.choices)
TYPE_NAMES = dict(EventType.choices)
PARTY_PREFIXES = ("uscc:", "pgln:", "sgln:", "loc:")


class TraceInputError(ValueError):
    """A code that cannot be read, or a bad direction/depth; ``field`` names which."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def key_of_code(code: str) -> CanonicalId:
    """Any spelling of a lot or unit code → its canonical identifier.

    Accepts GS1 Digital Link URIs (any host, or a bare path ``/01/…/10/…``), EPC URNs, platform lot URIs and
    a bare platform lot code (``T`` + 15 characters) as printed under a QR code.
    """
    text = (code or "").strip()
    if not text:
        raise TraceInputError("code", "a code is required (GS1 Digital Link URI, EPC URN or platform lot code)")
    if text.startswith("/"):
        text = "https://id.gs1.org" + text if text.startswith(("/01/", "/00/", "/8003/")) else "https://x" + text
    elif ":" not in text and "/" not in text:
        text = "urn:foodtrace:lot:" + text
    try:
        return canonical_id(text)
    except (IdentifierError, ValueError) as exc:
        raise TraceInputError("code", f"{code!r} is not a trace code this platform can read: {exc}") from exc


@dataclass
class Walk:
    """The keys reached (with their distance from the root) and the walked edges as rows."""

    root: str
    levels: dict[str, int] = field(default_factory=dict)  # key -> signed distance (backward < 0 < forward)
    edges: list[tuple] = field(default_factory=list)  # (event_id, event_time, kind, from, to, qty, uom)


EDGE_SQL = ("SELECT id, event_id, {time}, kind, from_key, to_key, quantity, uom FROM trace_traceedge "
            "WHERE kind IN (1, 2, 3) AND ({match}) AND {scope}")


def _check(direction: str, depth: int | None) -> int:
    if direction not in DIRECTIONS:
        raise TraceInputError("direction", f"direction must be one of {', '.join(DIRECTIONS)}, not {direction!r}")
    if depth is None:
        return MAX_DEPTH
    if not 1 <= depth <= MAX_DEPTH:
        raise TraceInputError("depth", f"depth must be between 1 and {MAX_DEPTH}, not {depth}")
    return depth


def _level_rows(forward: set[str], backward: set[str], scope: tuple[str, list], time: str) -> list[tuple]:
    """One level of the walk: the edges leaving the forward frontier and those entering the backward one, in
    one statement on PostgreSQL (SQLite: in chunks under its limit of host parameters)."""
    condition, scope_params = scope
    wanted = [(column, sorted(keys)) for column, keys in (("from_key", forward), ("to_key", backward)) if keys]
    if connection.vendor == "postgresql":
        groups = [wanted]
    else:  # a row matching both ways comes twice; the walk skips edges it has seen
        step = sql.SQLITE_CHUNK
        groups = [[(column, keys[i:i + step])] for column, keys in wanted for i in range(0, len(keys), step)]
    return [row for group in groups for row in _run_level(group, condition, scope_params, time)]


def _run_level(parts, condition: str, scope_params: list, time: str) -> list[tuple]:
    matches, params = [], []
    for column, values in parts:
        match, match_params = sql.any_of(column, values)
        matches.append(match)
        params += match_params
    return sql.fetch(EDGE_SQL.format(match=" OR ".join(matches), scope=condition, time=time),
                     params + scope_params)


def _walk(result: Walk, forward: set[str], backward: set[str], depth: int, principal, *, times: bool = True) -> Walk:
    """Breadth-first from both frontiers at once; a key keeps the level it was first reached at, so a cycle
    (returns, rework) is walked once."""
    scope = scope_sql(principal)
    seen: set[int] = set()
    for level in range(1, depth + 1):
        if not forward and not backward:
            break
        next_forward, next_backward = set(), set()
        rows = _level_rows(forward, backward, scope, "event_time" if times else "NULL")
        for pk, event, time, kind, source, target, quantity, uom in rows:
            if pk in seen:
                continue
            seen.add(pk)
            result.edges.append((event, sql.aware(time), kind, source, target, quantity, uom))
            if source in forward and target not in result.levels:
                result.levels[target] = level
                next_forward.add(target)
            if target in backward and source not in result.levels:
                result.levels[source] = -level
                next_backward.add(source)
        forward, backward = next_forward, next_backward
    return result


def walk(root: str, *, direction: str = "both", depth: int | None = None, principal=None) -> Walk:
    depth = _check(direction, depth)
    forward = {root} if direction in ("forward", "both") else set()
    backward = {root} if direction in ("backward", "both") else set()
    return _walk(Walk(root=root, levels={root: 0}), forward, backward, depth, principal)


def code_path(cid: CanonicalId) -> str:
    """The scannable form of a key: a GS1 Digital Link path or the platform lot path (host added by callers)."""
    if cid.kind == "lgtin":
        return f"/01/{cid.gtin}/10/{cid.lot}"
    if cid.kind == "sgtin":
        return f"/01/{cid.gtin}/21/{cid.serial}"
    if cid.kind == "gtin":
        return f"/01/{cid.gtin}"
    if cid.kind == "sscc":
        return f"/00/{cid.value}"
    if cid.kind == "platform_lot":
        return f"/t/{cid.value}"
    return cid.key


def downstream(keys: list[str], *, principal=None) -> Walk:
    """Every key reached forward from any of ``keys`` (a recall's affected set); one walk from all at once.
    Its edges carry no time (None)."""
    if not keys:
        return Walk(root="")
    # Without the edges' times: a recall needs who and what, and reading 10,000 timestamps was a third of it.
    return _walk(Walk(root=keys[0], levels=dict.fromkeys(keys, 0)), set(keys), set(), MAX_DEPTH, principal,
                 times=False)


def is_party_key(key: str) -> bool:
    return key.startswith(PARTY_PREFIXES)


@lru_cache(maxsize=1 << 16)
def display_code(key: str) -> str:
    """The scannable path of a stored key (``plot:T…`` → ``/t/T…``), or the key itself when it is not a lot
    or unit; cached, as a recall lists thousands."""
    cid = canonical_or_none(key) if key else None
    return code_path(cid) if cid else key


def canonical_or_none(key: str) -> CanonicalId | None:
    try:
        return canonical_from_key(key)
    except (IdentifierError, ValueError):
        return None

