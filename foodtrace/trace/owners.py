"""Whose event is it? Resolving events to registered businesses, set-based (one query per kind of key).

Order of evidence: the business location (bizLocation), the read point, the
owning/possessing party among the sources, then the destinations, then the
owner of the product (GTIN). A location is known by its platform code
(``loc:``) or its GLN (``sgln:``); a party by its unified social credit code
(``uscc:``).
"""

from dataclasses import dataclass

from foodtrace.db import sql
from foodtrace.registry.models import Business
from foodtrace.trace.projection import ProjectedEvent

PARTY_TYPES = ("owning_party", "possessing_party")
# (kind of key, table, key column, business column)
LOOKUPS = (("code", "registry_location", "code", "business_id"), ("gln", "registry_location", "gln", "business_id"),
           ("uscc", "registry_business", "uscc", "id"), ("gtin", "registry_product", "gtin", "business_id"))


@dataclass(frozen=True)
class Owner:
    business_id: int
    district_id: str
    name: str
    uscc: str
    allowed: bool  # inside the capturing principal's scope


def _location_key_parts(key: str) -> tuple[str, str] | None:
    if key.startswith("loc:"):
        return "code", key[4:]
    if key.startswith("sgln:"):
        return "gln", key.split(":")[1]
    return None


def _candidates(p: ProjectedEvent):
    for key in (p.biz_location, p.read_point):
        parts = _location_key_parts(key) if key else None
        if parts:
            yield parts
    for direction in (1, 2):  # sources, then destinations
        for d, kind, key in p.parties:
            if d == direction and kind in PARTY_TYPES and key.startswith("uscc:"):
                yield "uscc", key[5:]
    for _role, _key, _kind, gtin, *_rest in p.identifiers:
        if gtin:
            yield "gtin", gtin


def resolve_owners(principal, projected: list[ProjectedEvent]) -> dict[int, Owner]:
    wanted = {"code": set(), "gln": set(), "uscc": set(), "gtin": set()}
    candidates = {}
    for p in projected:
        candidates[p.index] = list(_candidates(p))
        for kind, value in candidates[p.index]:
            wanted[kind].add(value)
    # One statement for the four kinds of key (raw SQL: the ORM's compiling of four IN lists of hundreds of
    # values was most of this function's time, ~20 ms per 1000-event document).
    parts, params = [], []
    for kind, table, column, business in LOOKUPS:
        match, match_params = sql.any_of(column, sorted(wanted[kind]))
        # Built from this module's constants and placeholders only; every value is a bound parameter.
        parts.append(f"SELECT '{kind}', {column}, {business} FROM {table} WHERE {match}")  # noqa: S608
        params += match_params
    # Not prepared: the registry grows while web workers keep their connections (see sql.fetch).
    rows = sql.fetch(" UNION ALL ".join(parts), params, prepare=False)
    found = {(kind, value): business for kind, value, business in rows}
    chosen = {}
    for index, options in candidates.items():
        business_id = next((found[o] for o in options if o in found), None)
        if business_id is not None:
            chosen[index] = business_id
    ids = set(chosen.values())
    allowed = set(Business.objects.restrict(principal).filter(pk__in=ids).values_list("pk", flat=True))
    info = {b[0]: b for b in Business.objects.filter(pk__in=ids).values_list("pk", "district_id", "name", "uscc")}
    return {index: Owner(bid, info[bid][1], info[bid][2], info[bid][3], bid in allowed)
            for index, bid in chosen.items()}
