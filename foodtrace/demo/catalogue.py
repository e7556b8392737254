"""Planning products: what each kind of business plausibly sells, loose or packaged with a GTIN, topped
up so every product sub-category has at least one product; then writing them."""

from foodtrace.demo import names
from foodtrace.demo.codes import Codes
from foodtrace.demo.draws import Draws
from foodtrace.demo.loading import BATCH_SIZE, record_load
from foodtrace.demo.plans import Plan
from foodtrace.registry.categories import category_rows
from foodtrace.registry.models import Business, Product
from foodtrace.registry.models import BusinessKind as K


def loose(plan: Plan, category: str, name: str, spec: str = "散装", unit: str = "kg",
          shelf: int | None = None) -> Product:
    return Product(business=plan.business, name=name, category_id=category, gtin=None, specification=spec,
                   unit=unit, shelf_life_days=shelf)


def packaged(codes: Codes, plan: Plan, category: str, template, brand: str) -> Product:
    name, spec, unit, shelf = template
    return Product(business=plan.business, name=f"{brand}{name}", category_id=category,
                   gtin=codes.gtin(plan), specification=spec, unit=unit, shelf_life_days=shelf)


def products_for(draw: Draws, codes: Codes, plan: Plan) -> list[Product]:
    rng, kind = draw.rng, plan.kind
    if kind == K.FARM_BASE:
        cats = names.FARM_CATEGORIES[plan.variant]
        if plan.variant == "livestock":
            pool = [(c, n) for c in cats for n in names.FARM_LIVESTOCK[c]]
            picked = rng.sample(pool, rng.randint(1, 3))
            return [loose(plan, c, n, "活体", "head") for c, n in picked]
        spec = "鲜活" if plan.variant == "aquatic" else "散装"
        pool = [(c, n) for c in cats for n in names.LOOSE_PRODUCTS[c]]
        return [loose(plan, c, n, spec) for c, n in rng.sample(pool, rng.randint(2, 4))]
    if kind == K.PRODUCER:
        pool = [(c, t) for c in names.PRODUCER_LINE_CATEGORIES[plan.variant]
                for t in names.PACKAGED_PRODUCTS[c]]
        picked = rng.sample(pool, min(len(pool), rng.randint(2, 5)))
        chosen = [packaged(codes, plan, c, t, plan.brand) for c, t in picked]
        if plan.variant == "soy" and rng.random() < 0.5:
            # Fresh tofu goes to the markets unpackaged every morning.
            chosen.append(loose(plan, "soy.tofu", draw.pick(names.LOOSE_PRODUCTS["soy.tofu"]), shelf=2))
        return chosen
    if kind == K.SLAUGHTERHOUSE:
        pool = names.SLAUGHTER_PRODUCTS[plan.variant]
        head, rest = pool[0], list(pool[1:])
        picked = [head, *rng.sample(rest, rng.randint(0, len(rest)))]
        return [loose(plan, c, n, s, u, 3) for c, n, s, u in picked]
    if kind == K.SUPERMARKET:
        cats = rng.sample(names.SUPERMARKET_LABEL_CATEGORIES, rng.randint(2, 4))
        chosen = [packaged(codes, plan, c, draw.pick(names.PACKAGED_PRODUCTS[c]), f"{plan.brand}优选")
                  for c in cats]
        if rng.random() < 0.5:
            cat = draw.pick(names.FARM_CATEGORIES["vegetables"])
            chosen.append(loose(plan, cat, draw.pick(names.LOOSE_PRODUCTS[cat])))
        return chosen
    if kind == K.DISTRIBUTOR:
        cats = rng.sample(names.DISTRIBUTOR_CATEGORIES, rng.randint(1, 3))
        return [packaged(codes, plan, c, draw.pick(names.PACKAGED_PRODUCTS[c]), draw.brand()) for c in cats]
    if plan.role == "stall":
        pool = [(c, n) for c in names.STALL_GOODS[plan.variant] for n in names.LOOSE_PRODUCTS[c]]
        return [loose(plan, c, n) for c, n in rng.sample(pool, min(len(pool), rng.randint(2, 4)))]
    return []  # market operators, restaurants and canteens register no products of their own


def fits(plan: Plan, category: str) -> bool:
    if plan.kind == K.FARM_BASE:
        return category in names.FARM_CATEGORIES[plan.variant]
    if plan.kind == K.PRODUCER:
        return category in names.PRODUCER_LINE_CATEGORIES[plan.variant]
    if plan.kind == K.SLAUGHTERHOUSE:
        return any(c == category for c, *_ in names.SLAUGHTER_PRODUCTS[plan.variant])
    return True


def top_up(draw: Draws, codes: Codes, plans: list[Plan], products: list[Product]) -> list[Product]:
    """One product for each sub-category nothing covers yet, from a business that plausibly has it."""
    covered = {p.category_id for p in products}
    extra = []
    for code, _name, _en, parent in category_rows():
        if parent is None or code in covered:
            continue
        if code in ("meat.pork", "meat.beef", "meat.mutton"):
            kinds = (K.SLAUGHTERHOUSE,)
        elif code == "aquatic.algae":
            kinds = (K.SUPERMARKET, K.DISTRIBUTOR)
        elif code.startswith(("vegetables.", "aquatic.")) or code == "meat.poultry":
            kinds = (K.FARM_BASE,)
        else:
            kinds = (K.PRODUCER,)
        owners = [p for p in plans if p.kind in kinds]
        owners = [p for p in owners if fits(p, code)] or owners
        if not owners:
            continue  # a tiny demo: not every kind exists
        owner = draw.pick(owners)
        if code in names.PACKAGED_PRODUCTS and owner.kind not in (K.FARM_BASE, K.SLAUGHTERHOUSE):
            brand = owner.brand or draw.brand()
            extra.append(packaged(codes, owner, code, names.PACKAGED_PRODUCTS[code][0], brand))
        elif code in ("meat.pork", "meat.beef", "meat.mutton"):
            extra.append(loose(owner, code, draw.pick(names.LOOSE_PRODUCTS[code]), shelf=3))
        elif code == "meat.poultry" or owner.variant == "livestock":
            animal = names.FARM_LIVESTOCK.get(code, ("活禽",))[0]
            extra.append(loose(owner, code, animal, "活体", "head"))
        else:
            extra.append(loose(owner, code, draw.pick(names.LOOSE_PRODUCTS[code])))
    return extra


def write_products(draw: Draws, codes: Codes, plans: list[Plan]) -> int:
    products = []
    for plan in plans:
        products += products_for(draw, codes, plan)
    products += top_up(draw, codes, plans, products)
    for product in products:
        # A closed business's products are off the shelves.
        product.is_active = product.business.status != Business.Status.CLOSED
    Product.objects.bulk_create(products, batch_size=BATCH_SIZE)
    record_load(draw.seed, Product, products, with_gtin=sum(1 for p in products if p.gtin))
    return len(products)
