"""Whose event is it? Resolving events to registered businesses, set-based (one query per kind of key).

Order of evidence: the business location (bizLocation), the read point, the
owning/possessing party among the sources, then the destinations, then the
owner of the product (GTIN). A location is known by its platform code
(``loc:``) or its GLN (``sgln:``); a party by its unified social credit code
(``uscc:``).
"""

from dataclasses import dataclass

from foodtrace.registry.models import Business, Location, Product
from foodtrace.trace.projection import ProjectedEvent

PARTY_TYPES = ("owning_party", "possessing_party")


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
    lookups = (
        ("code", Location.objects.filter(code__in=wanted["code"]).values_list("code", "business_id")),
        ("gln", Location.objects.filter(gln__in=wanted["gln"]).values_list("gln", "business_id")),
        ("uscc", Business.objects.filter(uscc__in=wanted["uscc"]).values_list("uscc", "id")),
        ("gtin", Product.objects.filter(gtin__in=wanted["gtin"]).values_list("gtin", "business_id")),
    )
    found = {(kind, value): business for kind, rows in lookups for value, business in rows}
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
