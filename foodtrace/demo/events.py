"""Demo traceability data: pork chains (foodtrace/demo/chain.py) among the demo city's businesses, captured
through the EPCIS capture path like any upload, so the trace pages and the public look-up have something to
show. The featured supermarket (the demo business_user's) is the retailer of the first chain.
"""

import json
import random

from foodtrace.demo.chain import document, pork_chain
from foodtrace.registry.models import Business, Location, Product
from foodtrace.trace.capture import events_capture

KIND_OF_ROLE = {"farm": "farm_base", "slaughterhouse": "slaughterhouse", "market": "wholesale_market",
                "supermarket": "supermarket", "stall": "farmers_market", "restaurant": "catering",
                "sausage": "producer", "canteen": "canteen", "other_farm": "farm_base"}


def load_demo_chains(*, seed: int, featured: Business | None, actor, chains: int = 3) -> int:
    """Capture ``chains`` pork chains as ``actor`` (the demo city administrator); returns events stored."""
    rng = random.Random(seed)
    located = {}
    for business_id, location_id in Location.objects.filter(is_active=True, business__status="operating") \
            .order_by("business_id", "pk").values_list("business_id", "pk"):
        located.setdefault(business_id, location_id)
    by_kind: dict[str, list[Business]] = {}
    for business in Business.objects.filter(pk__in=located).order_by("pk"):
        by_kind.setdefault(business.kind, []).append(business)
    if any(not by_kind.get(kind) for kind in KIND_OF_ROLE.values()):
        return 0  # too small a demo city for a whole chain
    # The stall of the chain: a farmers' market business that belongs to a market, where the city has one.
    stalls = [b for b in by_kind["farmers_market"] if b.market_id] or by_kind["farmers_market"]
    locations = {loc.pk: loc for loc in Location.objects.filter(pk__in=located.values())}
    gtins = dict(Product.objects.exclude(gtin=None).order_by("pk").values_list("business_id", "gtin"))
    stored = 0
    for number in range(chains):
        members = {role: rng.choice(stalls if role == "stall" else by_kind[kind])
                   for role, kind in KIND_OF_ROLE.items()}
        if number == 0 and featured is not None and featured.pk in located and featured.kind == "supermarket":
            members["supermarket"] = featured
        if members["farm"] == members["other_farm"] and len(by_kind["farm_base"]) > 1:
            members["other_farm"] = next(b for b in by_kind["farm_base"] if b != members["farm"])
        chain = pork_chain(members, {role: locations[located[b.pk]] for role, b in members.items()},
                           carcass_gtin=gtins.get(members["slaughterhouse"].pk),
                           sausage_gtin=gtins.get(members["sausage"].pk), tag=f"D{number:03d}",
                           month=f"2026-{10 + number % 2:02d}")
        for _role, events in chain.documents:
            body = json.dumps(document(events), ensure_ascii=False).encode()
            result = events_capture(actor=actor, content=body, content_type="application/ld+json")
            stored += result.stored
    return stored

