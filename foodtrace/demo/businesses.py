"""Planning businesses: how many of each kind in each district, markets and their stall holders,
and each business's name, address, position and contacts; then writing them."""

from foodtrace.demo import names
from foodtrace.demo.business_names import BusinessNames
from foodtrace.demo.districts import DISTRICT_SIZE, URBAN_DISTRICTS
from foodtrace.demo.draws import Draws, to_decimal
from foodtrace.demo.loading import BATCH_SIZE, record_load
from foodtrace.demo.plans import MARKET_KINDS, Plan, kinds_of
from foodtrace.regions.models import Region
from foodtrace.registry.models import Business
from foodtrace.registry.models import BusinessKind as K

# Walked as a Latin square by the coverage pass: the first nine businesses already cover every kind
# and every district, and the very first is a supermarket in FEATURED_DISTRICT (the first district).
COVERAGE_KINDS = (K.SUPERMARKET, K.FARMERS_MARKET, K.CATERING, K.CANTEEN, K.PRODUCER, K.DISTRIBUTOR,
                  K.FARM_BASE, K.SLAUGHTERHOUSE, K.WHOLESALE_MARKET)
# A city has many restaurants, canteens and market traders, and few slaughterhouses and wholesale markets.
KIND_WEIGHTS = {K.CATERING: 30, K.CANTEEN: 15, K.FARMERS_MARKET: 15, K.DISTRIBUTOR: 8, K.SUPERMARKET: 7,
                K.PRODUCER: 9, K.FARM_BASE: 11, K.SLAUGHTERHOUSE: 2.5, K.WHOLESALE_MARKET: 2.5}
PRODUCTION_KINDS = {K.FARM_BASE, K.PRODUCER, K.SLAUGHTERHOUSE}
STALL_HOLDER_SHARE = 0.25


def plan_businesses(draw: Draws, count: int, districts: list[Region]) -> list[Plan]:
    # Coverage first: 81 (district, kind) pairs as a Latin square, so any prefix is spread evenly.
    pairs = [(districts[i], COVERAGE_KINDS[(i + shift) % 9]) for shift in range(9) for i in range(9)]
    chosen = pairs[:count]
    if count > len(pairs):
        weights = []
        for district, kind in pairs:
            urban = district.code in URBAN_DISTRICTS
            if kind in PRODUCTION_KINDS:
                factor = 0.35 if urban else 2.2  # farms and plants sit in the counties
            else:
                factor = 1.25 if urban else 0.75
            weights.append(KIND_WEIGHTS[kind] * factor * DISTRICT_SIZE[district.code])
        chosen += draw.rng.choices(pairs, weights=weights, k=count - len(pairs))
    return [Plan(index=i, district=d, kind=k) for i, (d, k) in enumerate(chosen)]


def plan_markets(draw: Draws, plans: list[Plan]) -> None:
    """In each district, the first business of a market kind is a market; about a quarter of the
    later ones are stall holders trading in a market of that kind and district."""
    groups: dict[tuple[str, str], list[Plan]] = {}
    for plan in plans:
        if plan.kind in MARKET_KINDS:
            groups.setdefault((plan.district.code, plan.kind), []).append(plan)
    for group in groups.values():
        markets: list[Plan] = []
        for plan in group:
            if markets and draw.rng.random() < STALL_HOLDER_SHARE:
                # Only markets planned earlier: they are described (and named) before their stalls.
                plan.role, plan.market = "stall", draw.pick(markets)
            else:
                plan.role = "market"
                markets.append(plan)


def describe(draw: Draws, business_names: BusinessNames, plan: Plan) -> None:
    """Name, address, position and contacts of one business."""
    kind, dn = plan.kind, plan.district.name
    plan.place = draw.place(plan)
    name = business_names.unique_name(plan)

    prefix = ("湖南省" if dn.endswith("市") else "长沙市") + dn
    if plan.role == "stall":
        market = plan.market.business
        address = f"{market.address} {draw.pick('ABCDEFGH')}区{draw.rng.randint(1, 180)}号"
        lat, lon = float(market.latitude), float(market.longitude)
        lat += draw.rng.uniform(-0.0004, 0.0004)
        lon += draw.rng.uniform(-0.0004, 0.0004)
    elif kind == K.FARM_BASE:
        town = "镇" if plan.district.code not in URBAN_DISTRICTS else "街道"
        address = f"{prefix}{plan.place}{town}{draw.pick(names.VILLAGES)}村{draw.rng.randint(1, 12)}组"
        lat, lon = draw.coordinates(plan.district.code)
    else:
        address = f"{prefix}{draw.street(plan)}{draw.rng.randint(1, 680)}号"
        lat, lon = draw.coordinates(plan.district.code)

    legal = draw.person()
    individual = plan.uscc_type == "92"
    plan.business = Business(
        name=name, kind=kind, district=plan.district, address=address,
        latitude=to_decimal(lat), longitude=to_decimal(lon),
        legal_representative=legal,
        contact_name=legal if individual or draw.rng.random() < 0.3 else draw.person(),
        contact_phone=draw.mobile(),
    )


def write_businesses(seed: int, plans: list[Plan]) -> None:
    # Markets (and everything else) first: stall holders point at their market's primary key.
    first = [p.business for p in plans if p.role != "stall"]
    Business.objects.bulk_create(first, batch_size=BATCH_SIZE)
    stalls = []
    for plan in plans:
        if plan.role == "stall":
            plan.business.market = plan.market.business
            stalls.append(plan.business)
    Business.objects.bulk_create(stalls, batch_size=BATCH_SIZE)
    record_load(seed, Business, first + stalls, kinds=kinds_of(plans), stall_holders=len(stalls),
                uscc_check_failed=sum(1 for p in plans if not p.business.uscc_check_ok))
