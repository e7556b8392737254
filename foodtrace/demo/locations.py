"""Planning locations: the fields, plants, warehouses, stalls, stores and kitchens a business works in,
some with a GLN; then writing them."""

from foodtrace.demo import names
from foodtrace.demo.codes import Codes
from foodtrace.demo.draws import Draws, to_decimal
from foodtrace.demo.loading import BATCH_SIZE, record_load
from foodtrace.demo.plans import MARKET_KINDS, Plan
from foodtrace.registry.models import Business, Location
from foodtrace.registry.models import BusinessKind as K

GLN_SHARE = 0.12  # of locations of businesses that plausibly registered with GS1 China
GLN_KINDS = {K.PRODUCER, K.SLAUGHTERHOUSE, K.SUPERMARKET, K.DISTRIBUTOR, K.WHOLESALE_MARKET}


def locations_for(draw: Draws, plan: Plan) -> list[tuple[str, str]]:
    """(kind, name suffix) of the places a business works in."""
    rng, kind, L = draw.rng, plan.kind, Location.Kind
    if kind == K.FARM_BASE:
        noun = names.FARM_TYPES[plan.variant][1]
        return [(L.FIELD, f"{n}号{noun}") for n in range(1, rng.randint(1, 3) + 1)]
    if kind == K.PRODUCER:
        extra = [(L.PLANT, "二号生产车间")] if rng.random() < 0.3 else []
        return [(L.PLANT, "生产车间"), (L.WAREHOUSE, "成品仓库"), *extra]
    if kind == K.SLAUGHTERHOUSE:
        line = "生猪屠宰线" if plan.variant == "pork" else "牛羊屠宰线"
        extra = [(L.SLAUGHTER_LINE, f"二号{line}")] if rng.random() < 0.3 else []
        return [(L.SLAUGHTER_LINE, line), (L.WAREHOUSE, "排酸冷库"), *extra]
    if kind in MARKET_KINDS:
        count = 1 if plan.role == "stall" else rng.randint(1, 3)
        return [(L.STALL, f"{draw.pick('ABCDEFGH')}区{rng.randint(1, 180)}号摊位") for _ in range(count)]
    if kind == K.SUPERMARKET:
        extra = [(L.WAREHOUSE, "生鲜冷库")] if rng.random() < 0.3 else []
        return [(L.STORE, "门店"), (L.WAREHOUSE, "配送仓库"), *extra]
    if kind == K.DISTRIBUTOR:
        stores = rng.sample(("常温仓库", "冷链仓库", "冷冻库"), rng.randint(1, 2))
        return [(L.WAREHOUSE, n) for n in stores]
    if kind == K.CANTEEN:
        return [(L.KITCHEN, "后厨")] + ([(L.KITCHEN, "二楼餐厅后厨")] if rng.random() < 0.2 else [])
    return [(L.KITCHEN, "后厨")]


def write_locations(draw: Draws, codes: Codes, plans: list[Plan]) -> int:
    rng = draw.rng
    rows = []
    for plan in plans:
        business = plan.business
        # A stall holder's stalls are named after, and stand in, its market.
        host = plan.market.business if plan.role == "stall" else business
        for kind, suffix in locations_for(draw, plan):
            gln = None
            if plan.kind in GLN_KINDS and plan.role != "stall" and rng.random() < GLN_SHARE:
                gln = codes.gln(plan)
            near = kind in (Location.Kind.STALL, Location.Kind.STORE, Location.Kind.KITCHEN)
            spread = 0.0003 if near else 0.004
            rows.append(Location(
                business=business, code=codes.location_code(plan.district.code),
                name=f"{host.name}{suffix}", kind=kind, address=host.address, gln=gln,
                latitude=to_decimal(float(host.latitude) + rng.uniform(-spread, spread)),
                longitude=to_decimal(float(host.longitude) + rng.uniform(-spread, spread)),
                is_active=business.status != Business.Status.CLOSED,
            ))
    Location.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    record_load(draw.seed, Location, rows, with_gln=sum(1 for r in rows if r.gln))
    return len(rows)
