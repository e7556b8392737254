"""Where the rows' places and products come from: the lots' TLC sources, the registry's locations and
businesses, and the products (one query each)."""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import FieldError
from django.db.models import Q

from foodtrace.registry.models import Business, Location, Product
from foodtrace.trace.models import Event, EventIdentifier
from foodtrace.trace.models.event import EventType

from .kdes import (
    GOODS_ROLES,
    INPUT_ROLES,
    OUTPUT_ROLES,
    PARTY_PREFERENCE,
    PERSONAL_FIELDS,
)
from .records import Place, _Ev, _is_lot

# --- TLC sources, registry and products -------------------------------------------------------------------

def _origin_candidates(ev: _Ev):
    """(key, role) of the lots this event assigned a code to: transformation outputs, commissioned goods."""
    if ev.event_type == EventType.TRANSFORMATION:
        roles = OUTPUT_ROLES
    elif ev.event_type == EventType.OBJECT and ev.action == "ADD":
        roles = GOODS_ROLES
    else:
        return
    for identifier in ev.identifiers:
        if identifier[0] in roles and _is_lot(identifier):
            yield identifier[1]


def _origins(events: dict[int, _Ev], principal) -> dict[str, tuple]:
    """Lot key -> (event time, event pk, place key, business id) of the event that assigned its code.

    Most are among the events already read; the rest (a date range that starts after a lot was made) come
    from one more query, through the principal's scope like everything else.
    """
    origins: dict[str, tuple] = {}
    for ev in events.values():
        for key in _origin_candidates(ev):
            candidate = (ev.time, ev.pk, ev.place_key, ev.business_id)
            if key not in origins or candidate < origins[key]:
                origins[key] = candidate
    lots = {i[1] for ev in events.values() for i in ev.identifiers if _is_lot(i)}
    missing = sorted(lots - set(origins))
    if missing:
        assigning = Q(role__in=OUTPUT_ROLES, event__event_type=EventType.TRANSFORMATION) | Q(
            role__in=GOODS_ROLES, event__event_type=EventType.OBJECT, event__action="ADD")
        scoped = Event.objects.restrict(principal).filter(
            pk__in=EventIdentifier.objects.filter(key__in=missing).values("event_id"), error_declared=False)
        for key, when, pk, biz_location, read_point, business_id in EventIdentifier.objects.filter(
                assigning, key__in=missing, event_id__in=scoped.values("pk")).values_list(
                "key", "event__event_time", "event_id", "event__biz_location", "event__read_point",
                "event__business_id"):
            candidate = (when, pk, biz_location or read_point, business_id)
            if key not in origins or candidate < origins[key]:
                origins[key] = candidate
    return origins


def _location_lookup(key: str) -> tuple[str, str] | None:
    if key.startswith("loc:"):
        return "code", key[4:]
    if key.startswith("sgln:"):
        return "gln", key.split(":")[1]
    return None


def _registry(events: dict[int, _Ev], origins: dict[str, tuple]) -> tuple[dict, dict]:
    """The businesses and locations every row names: one query for locations, one for businesses."""
    place_keys = {ev.place_key for ev in events.values()} | {o[2] for o in origins.values()}
    party_keys = {key for ev in events.values() for _t, key in (*ev.sources, *ev.destinations)}
    codes, glns, usccs = set(), set(), set()
    for key in place_keys | party_keys:
        found = _location_lookup(key or "")
        if found:
            (codes if found[0] == "code" else glns).add(found[1])
        elif key.startswith("uscc:"):
            usccs.add(key[5:])
    locations: dict[str, Location] = {}
    if codes or glns:
        for loc in Location.objects.filter(Q(code__in=codes) | Q(gln__in=glns)).select_related(
                "business").defer(*(f"business__{name}" for name in PERSONAL_FIELDS)):
            locations[f"loc:{loc.code}"] = loc
            if loc.gln:
                locations[f"sgln:{loc.gln}"] = loc
    ids = {ev.business_id for ev in events.values()} | {o[3] for o in origins.values()}
    ids = {pk for pk in ids if pk is not None} - {loc.business_id for loc in locations.values()}
    by_pk: dict[int, Business] = {loc.business_id: loc.business for loc in locations.values()}
    by_uscc: dict[str, Business] = {b.uscc: b for b in by_pk.values()}
    usccs -= set(by_uscc)
    if ids or usccs:
        for business in Business.objects.filter(Q(pk__in=ids) | Q(uscc__in=usccs)).defer(*PERSONAL_FIELDS):
            by_pk[business.pk] = business
            by_uscc[business.uscc] = business
    return {"pk": by_pk, "uscc": by_uscc}, locations


def _location_identifier(location: Location) -> str:
    return f"{location.code} / GLN {location.gln}" if location.gln else location.code


def _place_of_location(key: str, locations: dict, businesses: dict, business_id: int | None) -> Place:
    location = locations.get(_normal_location_key(key))
    if location is not None:
        business = location.business
        return Place(business.name, location.name, location.address or business.address,
                     _location_identifier(location))
    business = businesses["pk"].get(business_id)
    if business is not None:
        return Place(business.name, "", business.address, key.partition(":")[2] if key else f"USCC {business.uscc}")
    return Place("", "", "", key)


def _normal_location_key(key: str) -> str:
    if key.startswith("sgln:"):
        return "sgln:" + key.split(":")[1]  # the location, whatever its extension
    return key


def _place_of_parties(parties: list[tuple], locations: dict, businesses: dict) -> Place:
    """The location description of a source or destination: the party's business, at its named location."""
    if not parties:
        return Place()
    location = next((locations[_normal_location_key(k)] for _t, k in parties
                     if _normal_location_key(k) in locations), None)
    party = next((k for kind in PARTY_PREFERENCE for t, k in parties if t == kind and k.startswith("uscc:")), None)
    business = businesses["uscc"].get(party[5:]) if party else None
    if business is None and location is not None:
        business = location.business
    if location is not None and (business is None or location.business_id == business.pk):
        return Place(location.business.name, location.name, location.address or location.business.address,
                     _location_identifier(location))
    if business is not None:
        return Place(business.name, "", business.address, f"USCC {business.uscc}")
    return Place("", "", "", "; ".join(k for _t, k in parties))


def _products(events: dict[int, _Ev]) -> dict[str, str]:
    """Product description of each lot: the registered product of its GTIN (name, specification, GTIN); for
    platform lots the product their trace code was issued for, else that of the lot they were split from."""
    lots = {i[1]: i[3] for ev in events.values() for i in ev.identifiers if _is_lot(i)}
    described: dict[str, str] = {}
    gtins = {gtin for gtin in lots.values() if gtin}
    by_gtin = {gtin: _describe(name, spec, gtin) for gtin, name, spec in Product.objects.filter(
        gtin__in=gtins).values_list("gtin", "name", "specification")} if gtins else {}
    for key, gtin in lots.items():
        if gtin in by_gtin:
            described[key] = by_gtin[gtin]
    platform = sorted(k for k in lots if k.startswith("plot:"))
    if platform:
        described.update(_platform_lot_products(platform))
    # A split (repackaging) keeps the goods: children without a product of their own take the parent's.
    for ev in sorted(events.values(), key=lambda e: e.time):
        if ev.event_type != EventType.TRANSFORMATION or ev.biz_step != "repackaging":
            continue
        parents = {described.get(i[1]) for i in ev.identifiers if i[0] in INPUT_ROLES}
        if len(parents) == 1 and None not in parents:
            parent = parents.pop()
            for i in ev.identifiers:
                if i[0] in OUTPUT_ROLES and i[1] not in described:
                    described[i[1]] = parent
    return described


def _describe(name: str, specification: str, gtin: str | None) -> str:
    text = f"{name} {specification or ''}".strip()
    return f"{text} (GTIN {gtin})" if gtin else text


def _platform_lot_products(keys: list[str]) -> dict[str, str]:
    """Products of platform lots from the trace codes (foodtrace.codes), when that app has its model."""
    try:
        trace_code = apps.get_model("codes", "TraceCode")
    except LookupError:
        return {}
    try:
        rows = list(trace_code.objects.filter(key__in=keys, product__isnull=False).values_list(
            "key", "product__name", "product__specification", "product__gtin"))
    except FieldError:  # a TraceCode of another shape: no products from it
        return {}
    return {key: _describe(name, spec, gtin) for key, name, spec, gtin in rows}
