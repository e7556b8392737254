"""The trace answer: from a walk of the trace graph to lots, parties, edges and events (a fixed number of
set-based queries, whatever the size of the chain).

Shape (docs/api.md, "Trace"):
    root    the canonical key asked about
    lots    [{id (key), code (scannable path), kind, product, quantity, unit, holder, level}]
    parties [{id (key), uscc, name, kind, district, licence {number, status}}]
    edges   [{from, to, kind, lot (shipped-to), event, time, quantity, unit}]
    events  [{eventID, type, time, bizStep, disposition, action, business, location, timeZoneOffset}]
``level`` is the distance from the root: negative upstream, positive downstream. ``holder`` is the party of
the latest event naming the lot (within the asker's scope).
"""

from __future__ import annotations

from foodtrace.db import sql
from foodtrace.identifiers.epc import CanonicalId, canonical_from_key
from foodtrace.identifiers.errors import IdentifierError
from foodtrace.regions.scoping import scope_sql
from foodtrace.registry.models import Licence
from foodtrace.trace.graph import EDGE_NAMES, TYPE_NAMES, Walk, code_path, key_of_code, walk
from foodtrace.trace.models import EventIdentifier, TraceEdge

EDGE = TraceEdge.Kind
QUANTITY_ROLES = (EventIdentifier.Role.QUANTITY, EventIdentifier.Role.OUTPUT_QUANTITY,
                  EventIdentifier.Role.CHILD_QUANTITY, EventIdentifier.Role.INPUT_QUANTITY)


def _cid(key: str) -> CanonicalId | None:
    try:
        return canonical_from_key(key)
    except (IdentifierError, ValueError):
        return None


def trace(code: str, *, direction: str = "both", depth: int | None = None, principal=None) -> dict:
    """The answer of ``GET /api/v1/trace/{code}``: root, lots, parties, edges, events (see docs/api.md) — the
    walk of ``graph`` described by ``describe``."""
    root = key_of_code(code)
    graph = walk(root.key, direction=direction, depth=depth, principal=principal)
    return describe(root, graph, principal=principal)


def describe(root: CanonicalId, graph: Walk, *, principal=None) -> dict:
    keys = sorted(graph.levels)
    # Every event naming one of the lots, and what it said of it (quantity, unit).
    match, params = sql.any_of("key", keys)
    mentions = [(*row[:5], sql.aware(row[5])) for row in sql.fetch(
        f"SELECT key, event_id, role, quantity, uom, event_time FROM trace_eventidentifier WHERE {match}", params)]
    scope, scope_params = scope_sql(principal)
    match, params = sql.any_of("via_key", keys)
    shipped = [(row[0], sql.aware(row[1]), *row[2:]) for row in sql.fetch(
        f"SELECT event_id, event_time, kind, from_key, to_key, quantity, uom, via_key "
        f"FROM trace_traceedge WHERE kind = {EDGE.SHIPPED_TO} AND {match} AND {scope}", params + scope_params)]
    event_ids = {m[1] for m in mentions} | {e[0] for e in graph.edges} | {e[0] for e in shipped}
    times = [m[5] for m in mentions] + [e[1] for e in graph.edges] + [e[1] for e in shipped]
    events = {}
    if event_ids:
        match, params = sql.any_of("id", sorted(event_ids))
        # The time bounds let PostgreSQL prune the event partitions when it plans, not only when it runs.
        window = [sql.param_time(min(times)), sql.param_time(max(times))]
        for row in sql.fetch(f"SELECT id, event_id, event_type, event_time, action, biz_step, disposition, "
                             f"biz_location, business_id, event_tz_offset FROM trace_event WHERE {match} "
                             f"AND event_time >= %s AND event_time <= %s AND {scope}",
                             params + window + scope_params):
            events[row[0]] = (*row[:3], sql.aware(row[3]), *row[4:])
    # Out-of-scope events are not shown, nor what only they say.
    mentions = [m for m in mentions if m[1] in events]
    walked = [e for e in graph.edges if e[0] in events]

    parties = _parties({row[8] for row in events.values() if row[8]},
                       {k for e in shipped for k in (e[3], e[4])})
    party_of_business = {p["business_id"]: p["id"] for p in parties.values() if p.get("business_id")}

    first_quantity: dict[str, tuple] = {}
    holder: dict[str, tuple] = {}
    for key, event_pk, role, quantity, uom, _time in sorted(mentions, key=lambda m: events[m[1]][3]):
        event = events[event_pk]
        if quantity is not None and role in QUANTITY_ROLES and key not in first_quantity:
            first_quantity[key] = (quantity, uom)
        if event[8] is not None:
            holder[key] = (event[3], party_of_business.get(event[8]))
    # The quantity a lot came into being with: the edge that made it (split part, transformation output).
    for _pk, _time, kind, _source, target, quantity, uom in walked:
        if kind in (EDGE.SPLIT_INTO, EDGE.TRANSFORMED_INTO) and quantity is not None:
            first_quantity[target] = (quantity, uom)

    products = _products(keys)
    lots = []
    for key in keys:
        cid = _cid(key)
        quantity, unit = first_quantity.get(key, (None, ""))
        lots.append({
            "id": key, "code": code_path(cid) if cid else key, "kind": cid.kind if cid else "",
            "product": products.get(key), "quantity": quantity, "unit": unit,
            "holder": holder.get(key, (None, None))[1], "level": graph.levels[key],
        })

    edges = [_edge(row, events) for row in walked]
    seen_shipments = set()
    for row in sorted(shipped, key=lambda r: r[1]):
        # The sender's shipping and the receiver's receiving both record one movement: show it once.
        movement = (row[3], row[4], row[7])
        if movement in seen_shipments or row[0] not in events:
            continue
        seen_shipments.add(movement)
        edges.append({**_edge(row[:7], events), "lot": row[7]})
    edges.sort(key=lambda e: (e["time"], e["kind"]))

    return {
        "root": root.key,
        "lots": lots,
        "parties": [{k: v for k, v in p.items() if k != "business_id"} for p in _along_chain(parties, events, edges)],
        "edges": edges,
        "events": [{
            "eventID": row[1], "type": TYPE_NAMES[row[2]], "time": row[3].isoformat(), "action": row[4],
            "bizStep": row[5], "disposition": row[6], "location": row[7],
            "business": party_of_business.get(row[8]),
            # The offset the business recorded the time with (pages show Beijing time and this in a tooltip).
            "timeZoneOffset": row[9] or "",
        } for row in sorted(events.values(), key=lambda r: (r[3], r[0]))],
    }


def _along_chain(parties: dict[str, dict], events: dict, edges: list[dict]) -> list[dict]:
    """Parties in the order the goods reach them (first event or movement naming them), farm first, so that
    the list reads the same on every database; parties never seen in an event come last, by key."""
    first: dict[str, str] = {}
    business_key = {p["business_id"]: key for key, p in parties.items() if p.get("business_id")}
    for row in events.values():
        key = business_key.get(row[8])
        if key and (key not in first or row[3].isoformat() < first[key]):
            first[key] = row[3].isoformat()
    for edge in edges:
        for key in (edge["from"], edge["to"]):
            if key in parties and (key not in first or edge["time"] < first[key]):
                first[key] = edge["time"]
    return sorted(parties.values(), key=lambda p: (first.get(p["id"], "~"), p["id"]))


def _edge(row, events) -> dict:
    event_pk, time, kind, source, target, quantity, uom = row
    return {"from": source, "to": target, "kind": EDGE_NAMES[kind], "event": events[event_pk][1],
            "time": time.isoformat(), "quantity": quantity, "unit": uom}


def _parties(business_ids: set[int], party_keys: set[str]) -> dict[str, dict]:
    """Parties by key (``uscc:…``): the businesses owning the events and those named as senders/receivers,
    each with its licence (the one valid longest) and its status as of today."""
    by_prefix: dict[str, set[str]] = {}
    for key in party_keys:
        prefix, _, value = key.partition(":")
        by_prefix.setdefault(prefix, set()).add(value.split(":")[0])  # sgln:{gln}:{extension} → the GLN
    location_values = sorted(by_prefix.get("loc", set()) | by_prefix.get("sgln", set()) | by_prefix.get("pgln", set()))
    located = {}
    if location_values:
        code_match, code_params = sql.any_of("code", location_values)
        gln_match, gln_params = sql.any_of("gln", location_values)
        for code, gln, business_id in sql.fetch(f"SELECT code, gln, business_id FROM registry_location "
                                                f"WHERE {code_match} OR {gln_match}", code_params + gln_params):
            located[code] = located[gln or code] = business_id
    id_match, id_params = sql.any_of("b.id", sorted(business_ids | set(located.values())))
    uscc_match, uscc_params = sql.any_of("b.uscc", sorted(by_prefix.get("uscc", ())))
    # The businesses with every licence of theirs (one statement: a business has one or a few), ordered by
    # valid_until so that the last licence of a business — the one valid longest — is the one shown.
    rows, licences = {}, {}
    for pk, uscc, name, kind, district_id, district_name, number, licence_kind, status, valid_until in sql.fetch(
            "SELECT b.id, b.uscc, b.name, b.kind, b.district_id, r.name, l.number, l.kind, l.status, l.valid_until "
            "FROM registry_business b JOIN regions_region r ON r.code = b.district_id "
            f"LEFT JOIN registry_licence l ON l.business_id = b.id WHERE {id_match} OR {uscc_match} "
            "ORDER BY b.id, l.valid_until", id_params + uscc_params):
        rows[pk] = (pk, uscc, name, kind, district_id, district_name)
        if number is not None:
            effective = Licence(status=status, valid_until=valid_until).effective_status()
            licences[pk] = {"number": number, "kind": licence_kind, "status": str(effective)}
    parties, uscc_of = {}, {}
    for pk, uscc, name, kind, district_id, district_name in rows.values():
        uscc_of[pk] = uscc
        parties[f"uscc:{uscc}"] = {"id": f"uscc:{uscc}", "uscc": uscc, "name": name, "kind": kind,
                                   "district": {"code": district_id, "name": district_name},
                                   "licence": licences.get(pk), "business_id": pk}
    # Sender/receiver keys that are not a registered business's USCC: map locations to their business,
    # keep unknown parties as bare keys so an edge never points at nothing.
    for key in party_keys:
        if key in parties:
            continue
        business_id = located.get(key.partition(":")[2].split(":")[0])
        if business_id in uscc_of:
            parties[key] = {**parties[f"uscc:{uscc_of[business_id]}"], "id": key}
        else:
            parties[key] = {"id": key, "uscc": key[5:] if key.startswith("uscc:") else None, "name": None,
                            "kind": None, "district": None, "licence": None}
    return parties


def _products(keys: list[str]) -> dict[str, dict]:
    """Product of each lot: by GTIN for GS1 lots, by the issued trace code for platform lots."""
    gtins: dict[str, list[str]] = {}
    for key in keys:
        if key.startswith(("lgtin:", "sgtin:", "gtin:")):
            gtins.setdefault(key.split(":")[1], []).append(key)
    platform = [k for k in keys if k.startswith("plot:")]
    # One statement for both kinds (a round trip is worth more than the planning of a UNION).
    parts, params = [], []
    if gtins:
        match, match_params = sql.any_of("p.gtin", sorted(gtins))
        parts.append("SELECT NULL, p.gtin, p.name, c.name FROM registry_product p "
                     f"JOIN registry_productcategory c ON c.code = p.category_id WHERE {match}")
        params += match_params
    if platform:
        match, match_params = sql.any_of("t.key", platform)
        parts.append("SELECT t.key, p.gtin, p.name, c.name FROM codes_tracecode t "
                     "JOIN registry_product p ON p.id = t.product_id "
                     f"JOIN registry_productcategory c ON c.code = p.category_id WHERE {match}")
        params += match_params
    found = {}
    for key, gtin, name, category in (sql.fetch(" UNION ALL ".join(parts), params) if parts else ()):
        # A row by GTIN (no key) is the product of every GS1 lot of that GTIN; a row by trace code, of its
        # platform lot. The two sets of keys never overlap.
        for lot_key in gtins[gtin] if key is None else (key,):
            found[lot_key] = {"name": name, "gtin": gtin or "", "category": category}
    return found
