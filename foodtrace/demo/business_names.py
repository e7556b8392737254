"""Believable, unique business names by kind. Naming a business also settles what its name implies:
its variant (what a farm grows, a plant makes, a stall sells), its brand and its USCC type."""

from foodtrace.demo import names
from foodtrace.demo.districts import URBAN_DISTRICTS
from foodtrace.demo.draws import Draws
from foodtrace.demo.plans import Plan
from foodtrace.registry.models import Business
from foodtrace.registry.models import BusinessKind as K


class BusinessNames:
    def __init__(self, draw: Draws):
        self.draw = draw
        # Unique also against businesses already in the database (a second seed, a half-loaded database).
        self.used: set[str] = set(Business.objects.values_list("name", flat=True))
        self.counters: dict[str, int] = {}  # how many of a kind were planned, to cycle their variants

    def unique_name(self, plan: Plan) -> str:
        dn = plan.district.name
        maker = getattr(self, f"name_{plan.kind}")
        name = ""
        for attempt in range(40):
            name = maker(plan, dn, rich=attempt >= 12)
            if name not in self.used:
                break
        else:
            name = f"{name}（{plan.index + 1}）"  # a very large demo ran out of combinations
        self.used.add(name)
        return name

    # One name_<kind> per BusinessKind; ``rich`` asks for a longer pattern once the short ones collide.

    def name_farm_base(self, plan: Plan, dn: str, rich: bool) -> str:
        draw = self.draw
        if not plan.variant:
            # The first farms cycle through the specialisations so every raw category has a grower.
            farms = self.counters.setdefault("farm", 0)
            self.counters["farm"] = farms + 1
            plan.variant = ("vegetables", "livestock", "aquatic")[farms] if farms < 3 else \
                draw.rng.choices(("vegetables", "livestock", "aquatic"), weights=(5, 3, 2))[0]
        ending = draw.pick(names.FARM_TYPES[plan.variant][0])
        if rich:
            plan.place = draw.place(plan)  # the address's town follows the name's
        place = plan.place
        if ending == "家庭农场":
            plan.uscc_type = "92"
            return f"{dn}{place}{draw.person()}家庭农场"
        plan.uscc_type = "93" if "合作社" in ending else "91"
        plan.brand = draw.brand()
        return f"{dn}{place}{plan.brand}{ending}"

    def name_producer(self, plan: Plan, dn: str, rich: bool) -> str:
        draw = self.draw
        if not plan.variant:
            lines = ("meat", "dairy", "liquor", "soy", "soaked")
            made = self.counters.setdefault("producer", 0)
            self.counters["producer"] = made + 1
            plan.variant = lines[made] if made < len(lines) else \
                draw.rng.choices(lines, weights=(3, 1, 2, 3, 1))[0]
        plan.brand = draw.brand()
        ending = draw.pick(names.PRODUCER_LINES[plan.variant][0])
        if ending.endswith("厂") or rich:
            return f"{dn}{draw.place(plan)}{plan.brand}{ending}"
        return f"{draw.pick(('湖南', '长沙', dn))}{plan.brand}{ending}"

    def name_slaughterhouse(self, plan: Plan, dn: str, rich: bool) -> str:
        draw = self.draw
        if not plan.variant:
            made = self.counters.setdefault("slaughterhouse", 0)
            self.counters["slaughterhouse"] = made + 1
            plan.variant = ("pork", "ruminant")[made] if made < 2 else \
                draw.rng.choices(("pork", "ruminant"), weights=(3, 1))[0]
        ending = draw.pick(names.SLAUGHTER_TYPES[plan.variant])
        if rich:
            plan.brand = draw.brand()
            return f"{dn}{draw.place(plan)}{plan.brand}{ending}"
        return f"{dn}{draw.place(plan)}{ending}"

    def _market_name(self, plan: Plan, dn: str, rich: bool, types) -> str:
        if plan.role == "stall":
            return self._stall_name(plan, dn)
        middle = f"第{self.draw.pick(names.CHINESE_NUMERALS[1:])}" if rich else ""  # 望月湖第二农贸市场
        return f"{dn}{self.draw.place(plan)}{middle}{self.draw.pick(types)}"

    def name_wholesale_market(self, plan: Plan, dn: str, rich: bool) -> str:
        return self._market_name(plan, dn, rich, names.WHOLESALE_MARKET_TYPES)

    def name_farmers_market(self, plan: Plan, dn: str, rich: bool) -> str:
        return self._market_name(plan, dn, rich, names.FARMERS_MARKET_TYPES)

    def _stall_name(self, plan: Plan, dn: str) -> str:
        draw = self.draw
        plan.uscc_type = "92"  # stall holders are individual businesses (个体工商户)
        if not plan.variant:
            goods = tuple(names.STALL_GOODS_WEIGHTS)
            plan.variant = draw.rng.choices(goods, weights=tuple(names.STALL_GOODS_WEIGHTS.values()))[0]
        suffixes = ("批发部", "商行", "经营部") if plan.kind == K.WHOLESALE_MARKET else ("摊", "经营部", "店")
        owner = draw.person() if draw.rng.random() < 0.6 else draw.surname() + "记"
        return f"{dn}{owner}{plan.variant}{draw.pick(suffixes)}"

    def name_supermarket(self, plan: Plan, dn: str, rich: bool) -> str:
        draw = self.draw
        plan.brand = draw.brand()
        branch = draw.street(plan) if rich else draw.place(plan)  # （东塘店） or （麓山南路店）
        return f"{plan.brand}{draw.pick(names.SUPERMARKET_BRANDS_SUFFIX)}（{branch}店）"

    def name_distributor(self, plan: Plan, dn: str, rich: bool) -> str:
        draw = self.draw
        plan.brand = draw.brand()
        ending = draw.pick(names.DISTRIBUTOR_ENDINGS)
        if ending.endswith("部"):
            plan.uscc_type = "92"
            return f"{dn}{draw.place(plan) if rich else ''}{plan.brand}{ending}"
        plan.uscc_type = "91"
        return f"{draw.pick(('湖南', '长沙', dn))}{plan.brand}{draw.place(plan) if rich else ''}{ending}"

    def name_catering(self, plan: Plan, dn: str, rich: bool) -> str:
        draw = self.draw
        roll = draw.rng.random()
        place = draw.place(plan) if rich else ""
        if roll < 0.25:
            plan.uscc_type = "92"
            return f"{dn}{place}{draw.surname()}{draw.pick(names.CATERING_SURNAME_ENDINGS)}"
        plan.uscc_type = "92" if roll < 0.6 else "91"
        plan.brand = draw.brand()
        if roll > 0.9:
            return f"长沙{plan.brand}餐饮管理有限公司{draw.place(plan)}分店"
        word, ending = draw.pick(names.CATERING_WORD_SECOND), draw.pick(names.CATERING_ENDINGS)
        return f"{dn}{place}{plan.brand}{word}{ending}"  # 雨花区湘味轩餐饮店

    def name_canteen(self, plan: Plan, dn: str, rich: bool) -> str:
        draw = self.draw
        roll = draw.rng.random()
        place = draw.place(plan)
        if roll < 0.45:
            plan.uscc_type = "12"  # public schools are public institutions (事业单位)
            return f"{dn}{place}{draw.pick(names.CANTEEN_SCHOOL_TYPES)}食堂"
        if roll < 0.55:
            plan.uscc_type = "12"
            return f"长沙市第{draw.pick(names.CHINESE_NUMERALS)}中学食堂"
        if roll < 0.62 and plan.district.code in URBAN_DISTRICTS:
            plan.uscc_type = "12"
            return f"{draw.pick(names.UNIVERSITIES)}第{draw.pick(names.CHINESE_NUMERALS[:8])}食堂"
        pattern, plan.uscc_type = draw.pick(names.CANTEEN_INSTITUTIONS)
        return pattern.format(d=dn, p=place, b=draw.brand())
