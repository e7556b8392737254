"""The affected set of a recall: every lot downstream of the recalled ones, every business that held or
received one, and how much (a fixed number of set-based queries, whatever the size of the chain).

Queries: the forward walk (``trace.graph.downstream``, one per level); ONE on the event identifiers joined
to their events for every reached key (who recorded each lot, and what quantity); ONE on the shipped-to
edges whose goods (``via_key``) are among the reached keys (who sent and who received them); ONE mapping
the parties' ``uscc:`` keys to registered businesses (and one for ``loc:``/GLN keys when there are any);
ONE for the businesses' names and districts.

Quantities are estimates from what the events say. For each business and lot: the largest of (the biggest
quantity its own events name for the lot, the total it received in shipments, the total it sent). A
shipment is recorded by both the sender's shipping and the receiver's receiving event; each side's records
are summed and the larger side is taken, so one movement is not counted twice. A business's total counts
its *entry* lots only — those it did not itself make from another lot of the set (what it received, or
for the origin what it commissioned) — so an input and the output made from it are not added together;
when those lots are in different units the total is left empty and the per-lot figures stand.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q

from foodtrace.db import sql
from foodtrace.registry.models import Business, Location
from foodtrace.trace.graph import display_code, downstream
from foodtrace.trace.models import TraceEdge

SHIPPED = TraceEdge.Kind.SHIPPED_TO


def _party_businesses(party_keys: set[str]) -> dict[str, int]:
    """Party key (``uscc:…``, ``loc:…``, ``sgln:…``, ``pgln:…``) → registered business id."""
    uscc = {key[5:]: key for key in party_keys if key.startswith("uscc:")}
    found = {uscc[code]: pk for code, pk in Business.objects.filter(uscc__in=uscc).values_list("uscc", "pk")}
    codes = {key[4:]: key for key in party_keys if key.startswith("loc:")}
    glns: dict[str, list[str]] = defaultdict(list)
    for key in party_keys:
        if key.startswith(("sgln:", "pgln:")):
            glns[key.split(":")[1]].append(key)
    if codes or glns:
        for code, gln, business_id in Location.objects.filter(Q(code__in=codes) | Q(gln__in=glns)).values_list(
                "code", "gln", "business_id"):
            if code in codes:
                found[codes[code]] = business_id
            for key in glns.get(gln or "", ()):
                found[key] = business_id
    return found


def _add(target: dict, uom: str, quantity) -> None:
    if quantity is not None:
        target[uom] = target.get(uom, 0.0) + quantity


def _only_unit(per_uom: dict[str, float]) -> tuple[float | None, str]:
    """(quantity, unit) when the figures are in one unit; (None, "") when none or several."""
    if len(per_uom) != 1:
        return None, ""
    uom, quantity = next(iter(per_uom.items()))
    return quantity, uom


def affected_set(keys: list[str]) -> dict:
    """Everything a recall of ``keys`` (canonical keys) reaches, across every district.

    Returns ``{"lots": [{key, code, level}], "businesses": {business_id: {name, uscc, district_id,
    lots: [{key, code, quantity, uom}], quantity, uom}}, "unresolved_parties": [party keys], "edges": n}``.
    """
    walk = downstream(sorted(set(keys)))
    reached = sorted(walk.levels, key=lambda k: (walk.levels[k], k))

    # Who recorded each reached lot, and the largest quantity its events name (one query, raw SQL: an ORM
    # IN list of 10,000 keys cost more to build than to run; the event time in the join lets PostgreSQL use
    # the partitioned events' (id, event_time) key).
    own: dict[tuple[int, str], dict[str, float]] = defaultdict(dict)
    business_of_event: dict[int, int] = {}
    match, params = sql.any_of("i.key", reached)
    for key, event_id, business_id, quantity, uom in sql.fetch(
            "SELECT i.key, i.event_id, e.business_id, i.quantity, i.uom FROM trace_eventidentifier i "
            "JOIN trace_event e ON e.id = i.event_id AND e.event_time = i.event_time "
            f"WHERE {match} AND e.business_id IS NOT NULL", params):
        business_of_event[event_id] = business_id
        held = own[(business_id, key)]
        if quantity is not None and quantity > held.get(uom, 0.0):
            held[uom] = quantity

    # Who sent and who received them (one query). Both ends may record one movement: sum each recorder's
    # edges, take the larger recorder.
    match, params = sql.any_of("via_key", reached)
    shipped = sql.fetch("SELECT from_key, to_key, via_key, quantity, uom, business_id FROM trace_traceedge "
                        f"WHERE kind = {int(SHIPPED)} AND {match}", params)
    parties = _party_businesses({k for row in shipped for k in row[:2]})
    by_recorder: dict[tuple, dict] = defaultdict(lambda: defaultdict(dict))
    for sender, receiver, via, quantity, uom, recorder in shipped:
        _add(by_recorder[(sender, receiver, via)][recorder], uom, quantity)
    received: dict[tuple[int, str], dict[str, float]] = defaultdict(dict)
    sent: dict[tuple[int, str], dict[str, float]] = defaultdict(dict)
    unresolved: set[str] = set()
    for (sender, receiver, via), records in by_recorder.items():
        movement: dict[str, float] = {}
        for totals in records.values():
            for uom, quantity in totals.items():
                movement[uom] = max(movement.get(uom, 0.0), quantity)
        for party, side in ((sender, sent), (receiver, received)):
            business_id = parties.get(party)
            if business_id is None:
                unresolved.add(party)
                continue
            slot = side[(business_id, via)]
            for uom, quantity in movement.items():
                _add(slot, uom, quantity)

    # Lots a business made itself from another lot of the set: not "entry" lots for it.
    made_by = {(business_of_event[row[0]], row[4]) for row in walk.edges if row[0] in business_of_event}
    holders = set(own) | set(received) | set(sent)
    info = {pk: (name, uscc, district) for pk, name, uscc, district in Business.objects.filter(
        pk__in={b for b, _k in holders}).values_list("pk", "name", "uscc", "district_id")}
    businesses: dict[int, dict] = {}
    entries: dict[int, list[tuple[float, str]]] = defaultdict(list)
    for business_id, key in sorted(holders, key=lambda h: (h[0], walk.levels[h[1]], h[1])):
        if business_id not in info:
            continue
        per_uom: dict[str, float] = {}
        for source in (own, received, sent):
            for uom, quantity in source.get((business_id, key), {}).items():
                per_uom[uom] = max(per_uom.get(uom, 0.0), quantity)
        quantity, uom = _only_unit(per_uom)
        name, uscc, district_id = info[business_id]
        entry = businesses.setdefault(business_id, {"name": name, "uscc": uscc, "district_id": district_id,
                                                    "lots": []})
        entry["lots"].append({"key": key, "code": display_code(key), "quantity": quantity, "uom": uom})
        if (business_id, key) not in made_by and quantity is not None:
            entries[business_id].append((quantity, uom))
    for business_id, entry in businesses.items():
        units = {uom for _q, uom in entries[business_id]}
        total = sum(q for q, _u in entries[business_id])
        entry["quantity"], entry["uom"] = (total, units.pop()) if len(units) == 1 else (None, "")
    return {
        "lots": [{"key": key, "code": display_code(key), "level": walk.levels[key]} for key in reached],
        "businesses": businesses,
        "unresolved_parties": sorted(unresolved),
        "edges": len(walk.edges),
    }
