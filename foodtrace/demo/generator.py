"""A believable Changsha, generated set-based: businesses, licences, products and locations.

Everything is planned in memory from one seeded ``random.Random`` (same seed,
same city) and written with ``bulk_create`` in batches, so 10 000 businesses
load in seconds. ``bulk_create`` sends no signals, so the audit trail gets one
``demo_load`` entry per model, written in the same transaction as the rows.
Call ``generate`` inside ``acting_as_system(...)`` so the entries name the door.
"""

import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from foodtrace.audit.recorder import record_bulk
from foodtrace.demo import names
from foodtrace.identifiers import USCC_CHARSET, gtin_check_digit, make_gtin13, make_licence_number, make_uscc
from foodtrace.regions.models import Region
from foodtrace.registry.categories import category_rows
from foodtrace.registry.models import (
    Business,
    BusinessKind,
    Licence,
    LicenceKind,
    LicenceStatus,
    LicenceStatusChange,
    Location,
    Product,
)

CITY_CODE = "430100"
# The business_user's supermarket is in 芙蓉区, next to the furong_* demo accounts.
FEATURED_DISTRICT = "430102"
BATCH_SIZE = 1000
VALIDITY_YEARS = 5  # 食品生产/经营许可证 are valid for five years

K = BusinessKind
MARKET_KINDS = (K.FARMERS_MARKET, K.WHOLESALE_MARKET)
# Walked as a Latin square by the coverage pass: the first nine businesses already cover every kind
# and every district, and the very first is a supermarket in FEATURED_DISTRICT.
COVERAGE_KINDS = (K.SUPERMARKET, K.FARMERS_MARKET, K.CATERING, K.CANTEEN, K.PRODUCER, K.DISTRIBUTOR,
                  K.FARM_BASE, K.SLAUGHTERHOUSE, K.WHOLESALE_MARKET)
# A city has many restaurants, canteens and market traders, and few slaughterhouses and wholesale markets.
KIND_WEIGHTS = {K.CATERING: 30, K.CANTEEN: 15, K.FARMERS_MARKET: 15, K.DISTRIBUTOR: 8, K.SUPERMARKET: 7,
                K.PRODUCER: 9, K.FARM_BASE: 11, K.SLAUGHTERHOUSE: 2.5, K.WHOLESALE_MARKET: 2.5}
PRODUCTION_KINDS = {K.FARM_BASE, K.PRODUCER, K.SLAUGHTERHOUSE}
URBAN_DISTRICTS = {"430102", "430103", "430104", "430105", "430111"}
# Relative size of each district's food economy (population and trade, roughly).
DISTRICT_SIZE = {"430102": 1.0, "430103": 1.0, "430104": 1.3, "430105": 1.1, "430111": 1.4, "430112": 0.8,
                 "430121": 1.2, "430181": 1.0, "430182": 0.9}
# (latitude, longitude, radius in degrees) of where each district's businesses cluster. The county-level
# cities' centres sit a little towards the city so every point stays inside 27.9–28.6 N, 112.6–113.8 E.
DISTRICT_CENTRES = {
    "430102": (28.1935, 113.0330, 0.018),
    "430103": (28.1120, 112.9880, 0.025),
    "430104": (28.2100, 112.9150, 0.035),
    "430105": (28.2550, 112.9870, 0.025),
    "430111": (28.1350, 113.0350, 0.025),
    "430112": (28.3480, 112.8250, 0.045),
    "430121": (28.2480, 113.0850, 0.045),
    "430181": (28.1630, 113.6400, 0.060),
    "430182": (28.2650, 112.6600, 0.040),
}
BOUNDS = (27.90, 28.60, 112.60, 113.80)

# Share of licences in each state the regulator's dashboard should show.
EXPIRED_SHARE, EXPIRING_SHARE, SUSPENDED_SHARE = 0.05, 0.08, 0.015
BAD_USCC_SHARE = 0.02
STALL_HOLDER_SHARE = 0.25
GLN_SHARE = 0.12  # of locations of businesses that plausibly registered with GS1 China
GLN_KINDS = {K.PRODUCER, K.SLAUGHTERHOUSE, K.SUPERMARKET, K.DISTRIBUTOR, K.WHOLESALE_MARKET}


class DemoError(Exception):
    """The demo cannot be built (missing reference data, a name clash); the message says why."""


@dataclass
class Plan:
    """Everything decided about one business before anything is written."""

    index: int
    district: Region
    kind: str
    role: str = ""  # "market" or "stall" for the two market kinds
    market: "Plan | None" = None
    variant: str = ""  # farm specialisation, producer line, slaughter type or stall goods
    brand: str = ""
    place: str = ""
    uscc_type: str = "91"  # registration authority + organisation type (GB 32100 positions 1-2)
    business: Business | None = None
    licence: Licence | None = None
    company_prefix: str | None = None  # GS1 China company prefix, given when first needed
    next_item: int = 1
    next_location_ref: int = 1


@dataclass
class GenerationSummary:
    businesses: int
    licences: int
    status_changes: int
    products: int
    locations: int
    featured_business: Business
    seed: int
    kinds: dict = field(default_factory=dict)


def generate(*, businesses: int, seed: int, today: date | None = None) -> GenerationSummary:
    """Plan and write ``businesses`` businesses with their licences, products and locations."""
    if businesses < 1:
        raise DemoError("At least one business is needed (the business_user account belongs to one).")
    with transaction.atomic():
        return _Generator(seed, today or timezone.localdate()).run(businesses)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a non-leap year
        return day.replace(year=day.year + years, day=28)


class _Generator:
    def __init__(self, seed: int, today: date):
        self.seed = seed
        self.rng = random.Random(seed)
        self.today = today
        self.tz = timezone.get_current_timezone()
        # Keys that must be unique: start from what is already in the database so a second seed
        # (or a half-loaded database) cannot collide with existing rows.
        self.used_uscc = set(Business.objects.values_list("uscc", flat=True))
        self.used_licence_numbers = set(Licence.objects.values_list("number", flat=True))
        self.used_gtins = set(Product.objects.exclude(gtin=None).values_list("gtin", flat=True))
        self.used_location_codes = set(Location.objects.values_list("code", flat=True))
        self.used_glns = set(Location.objects.exclude(gln=None).values_list("gln", flat=True))
        self.used_prefixes: set[str] = set()
        self.used_names: set[str] = set(Business.objects.values_list("name", flat=True))
        self.licence_sequences: dict[tuple, int] = {}
        self.counters: dict[str, int] = {}  # how many of a kind were planned, to cycle their variants

    # ---- small random helpers -------------------------------------------------------------------

    def pick(self, seq):
        return seq[self.rng.randrange(len(seq))]

    def person(self) -> str:
        rng = self.rng
        surname = self.pick(names.COMMON_SURNAMES) if rng.random() < 0.45 else self.pick(names.SURNAMES)
        if rng.random() < 0.55:
            return surname + self.pick(names.TWO_CHAR_GIVEN_NAMES)
        return surname + self.pick(names.GIVEN_NAME_CHARS)

    def surname(self) -> str:
        return self.pick(names.COMMON_SURNAMES) if self.rng.random() < 0.5 else self.pick(names.SURNAMES)

    def mobile(self) -> str:
        return "1" + self.pick("358") + "".join(str(self.rng.randrange(10)) for _ in range(9))

    def brand(self) -> str:
        first = self.pick(names.BRAND_FIRST)
        second = self.pick(names.BRAND_SECOND)
        while second == first:
            second = self.pick(names.BRAND_SECOND)
        return first + second

    def place(self, plan: Plan) -> str:
        return self.pick(names.DISTRICT_PLACES[plan.district.code])

    def street(self, plan: Plan) -> str:
        return self.pick(names.DISTRICT_STREETS[plan.district.code])

    def coordinates(self, code: str) -> tuple[float, float]:
        lat, lon, radius = DISTRICT_CENTRES[code]
        # Uniform over a disc: sqrt keeps the density even instead of piling up at the centre.
        r = radius * self.rng.random() ** 0.5
        angle = self.rng.uniform(0, 2 * math.pi)
        lat += r * math.sin(angle)
        lon += r * math.cos(angle)
        south, north, west, east = BOUNDS
        return min(max(lat, south), north), min(max(lon, west), east)

    @staticmethod
    def decimal(value: float) -> Decimal:
        return Decimal(f"{value:.6f}")

    def at(self, day: date) -> datetime:
        """Some time in office hours of ``day``, in the platform's time zone."""
        moment = datetime.combine(day, time(9, 0)) + timedelta(minutes=self.rng.randrange(8 * 60))
        return timezone.make_aware(moment, self.tz)

    # ---- the run --------------------------------------------------------------------------------

    def run(self, count: int) -> GenerationSummary:
        districts = list(Region.objects.filter(level=Region.Level.DISTRICT, city_id=CITY_CODE)
                         .order_by("code"))
        codes = [d.code for d in districts]
        if len(districts) != 9 or FEATURED_DISTRICT not in codes:
            raise DemoError("Changsha's nine districts (430100) are missing: run `manage.py migrate` first.")
        plans = self.plan_businesses(count, districts)
        self.plan_markets(plans)
        for plan in plans:
            self.describe(plan)
        self.assign_usccs(plans)
        licence_plans = self.plan_licences(plans)
        self.write_businesses(plans)
        changes = self.write_licences(licence_plans)
        products = self.write_products(plans)
        locations = self.write_locations(plans)
        kinds: dict[str, int] = {}
        for plan in plans:
            kinds[plan.kind] = kinds.get(plan.kind, 0) + 1
        return GenerationSummary(
            businesses=len(plans), licences=len(licence_plans), status_changes=changes, products=products,
            locations=locations, featured_business=plans[0].business, seed=self.seed, kinds=kinds)

    # ---- planning businesses --------------------------------------------------------------------

    def plan_businesses(self, count: int, districts: list[Region]) -> list[Plan]:
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
            chosen += self.rng.choices(pairs, weights=weights, k=count - len(pairs))
        return [Plan(index=i, district=d, kind=k) for i, (d, k) in enumerate(chosen)]

    def plan_markets(self, plans: list[Plan]) -> None:
        """In each district, the first business of a market kind is a market; about a quarter of the
        later ones are stall holders trading in a market of that kind and district."""
        groups: dict[tuple[str, str], list[Plan]] = {}
        for plan in plans:
            if plan.kind in MARKET_KINDS:
                groups.setdefault((plan.district.code, plan.kind), []).append(plan)
        for group in groups.values():
            markets: list[Plan] = []
            for plan in group:
                if markets and self.rng.random() < STALL_HOLDER_SHARE:
                    # Only markets planned earlier: they are described (and named) before their stalls.
                    plan.role, plan.market = "stall", self.pick(markets)
                else:
                    plan.role = "market"
                    markets.append(plan)

    def describe(self, plan: Plan) -> None:
        """Name, address, position and contacts of one business."""
        kind, dn = plan.kind, plan.district.name
        plan.place = self.place(plan)
        maker = getattr(self, f"name_{kind}")
        name = ""
        for attempt in range(40):
            name = maker(plan, dn, rich=attempt >= 12)
            if name not in self.used_names:
                break
        else:
            name = f"{name}（{plan.index + 1}）"  # a very large demo ran out of combinations
        self.used_names.add(name)

        prefix = ("湖南省" if dn.endswith("市") else "长沙市") + dn
        if plan.role == "stall":
            market = plan.market.business
            address = f"{market.address} {self.pick('ABCDEFGH')}区{self.rng.randint(1, 180)}号"
            lat, lon = float(market.latitude), float(market.longitude)
            lat += self.rng.uniform(-0.0004, 0.0004)
            lon += self.rng.uniform(-0.0004, 0.0004)
        elif kind == K.FARM_BASE:
            town = "镇" if plan.district.code not in URBAN_DISTRICTS else "街道"
            address = f"{prefix}{plan.place}{town}{self.pick(names.VILLAGES)}村{self.rng.randint(1, 12)}组"
            lat, lon = self.coordinates(plan.district.code)
        else:
            address = f"{prefix}{self.street(plan)}{self.rng.randint(1, 680)}号"
            lat, lon = self.coordinates(plan.district.code)

        legal = self.person()
        individual = plan.uscc_type == "92"
        plan.business = Business(
            name=name, kind=kind, district=plan.district, address=address,
            latitude=self.decimal(lat), longitude=self.decimal(lon),
            legal_representative=legal,
            contact_name=legal if individual or self.rng.random() < 0.3 else self.person(),
            contact_phone=self.mobile(),
        )

    # One name_<kind> per BusinessKind; ``rich`` asks for a longer pattern once the short ones collide.

    def name_farm_base(self, plan: Plan, dn: str, rich: bool) -> str:
        if not plan.variant:
            # The first farms cycle through the specialisations so every raw category has a grower.
            farms = self.counters.setdefault("farm", 0)
            self.counters["farm"] = farms + 1
            plan.variant = ("vegetables", "livestock", "aquatic")[farms] if farms < 3 else \
                self.rng.choices(("vegetables", "livestock", "aquatic"), weights=(5, 3, 2))[0]
        ending = self.pick(names.FARM_TYPES[plan.variant][0])
        if rich:
            plan.place = self.place(plan)  # the address's town follows the name's
        place = plan.place
        if ending == "家庭农场":
            plan.uscc_type = "92"
            return f"{dn}{place}{self.person()}家庭农场"
        plan.uscc_type = "93" if "合作社" in ending else "91"
        plan.brand = self.brand()
        return f"{dn}{place}{plan.brand}{ending}"

    def name_producer(self, plan: Plan, dn: str, rich: bool) -> str:
        if not plan.variant:
            lines = ("meat", "dairy", "liquor", "soy", "soaked")
            made = self.counters.setdefault("producer", 0)
            self.counters["producer"] = made + 1
            plan.variant = lines[made] if made < len(lines) else \
                self.rng.choices(lines, weights=(3, 1, 2, 3, 1))[0]
        plan.brand = self.brand()
        ending = self.pick(names.PRODUCER_LINES[plan.variant][0])
        if ending.endswith("厂") or rich:
            return f"{dn}{self.place(plan)}{plan.brand}{ending}"
        return f"{self.pick(('湖南', '长沙', dn))}{plan.brand}{ending}"

    def name_slaughterhouse(self, plan: Plan, dn: str, rich: bool) -> str:
        if not plan.variant:
            made = self.counters.setdefault("slaughterhouse", 0)
            self.counters["slaughterhouse"] = made + 1
            plan.variant = ("pork", "ruminant")[made] if made < 2 else \
                self.rng.choices(("pork", "ruminant"), weights=(3, 1))[0]
        ending = self.pick(names.SLAUGHTER_TYPES[plan.variant])
        if rich:
            plan.brand = self.brand()
            return f"{dn}{self.place(plan)}{plan.brand}{ending}"
        return f"{dn}{self.place(plan)}{ending}"

    def _market_name(self, plan: Plan, dn: str, rich: bool, types) -> str:
        if plan.role == "stall":
            return self._stall_name(plan, dn)
        middle = f"第{self.pick(names.CHINESE_NUMERALS[1:])}" if rich else ""  # 望月湖第二农贸市场
        return f"{dn}{self.place(plan)}{middle}{self.pick(types)}"

    def name_wholesale_market(self, plan: Plan, dn: str, rich: bool) -> str:
        return self._market_name(plan, dn, rich, names.WHOLESALE_MARKET_TYPES)

    def name_farmers_market(self, plan: Plan, dn: str, rich: bool) -> str:
        return self._market_name(plan, dn, rich, names.FARMERS_MARKET_TYPES)

    def _stall_name(self, plan: Plan, dn: str) -> str:
        plan.uscc_type = "92"  # stall holders are individual businesses (个体工商户)
        if not plan.variant:
            goods = tuple(names.STALL_GOODS_WEIGHTS)
            plan.variant = self.rng.choices(goods, weights=tuple(names.STALL_GOODS_WEIGHTS.values()))[0]
        suffixes = ("批发部", "商行", "经营部") if plan.kind == K.WHOLESALE_MARKET else ("摊", "经营部", "店")
        owner = self.person() if self.rng.random() < 0.6 else self.surname() + "记"
        return f"{dn}{owner}{plan.variant}{self.pick(suffixes)}"

    def name_supermarket(self, plan: Plan, dn: str, rich: bool) -> str:
        plan.brand = self.brand()
        branch = self.street(plan) if rich else self.place(plan)  # （东塘店） or （麓山南路店）
        return f"{plan.brand}{self.pick(names.SUPERMARKET_BRANDS_SUFFIX)}（{branch}店）"

    def name_distributor(self, plan: Plan, dn: str, rich: bool) -> str:
        plan.brand = self.brand()
        ending = self.pick(names.DISTRIBUTOR_ENDINGS)
        if ending.endswith("部"):
            plan.uscc_type = "92"
            return f"{dn}{self.place(plan) if rich else ''}{plan.brand}{ending}"
        plan.uscc_type = "91"
        return f"{self.pick(('湖南', '长沙', dn))}{plan.brand}{self.place(plan) if rich else ''}{ending}"

    def name_catering(self, plan: Plan, dn: str, rich: bool) -> str:
        roll = self.rng.random()
        place = self.place(plan) if rich else ""
        if roll < 0.25:
            plan.uscc_type = "92"
            return f"{dn}{place}{self.surname()}{self.pick(names.CATERING_SURNAME_ENDINGS)}"
        plan.uscc_type = "92" if roll < 0.6 else "91"
        plan.brand = self.brand()
        if roll > 0.9:
            return f"长沙{plan.brand}餐饮管理有限公司{self.place(plan)}分店"
        word, ending = self.pick(names.CATERING_WORD_SECOND), self.pick(names.CATERING_ENDINGS)
        return f"{dn}{place}{plan.brand}{word}{ending}"  # 雨花区湘味轩餐饮店

    def name_canteen(self, plan: Plan, dn: str, rich: bool) -> str:
        roll = self.rng.random()
        place = self.place(plan)
        if roll < 0.45:
            plan.uscc_type = "12"  # public schools are public institutions (事业单位)
            return f"{dn}{place}{self.pick(names.CANTEEN_SCHOOL_TYPES)}食堂"
        if roll < 0.55:
            plan.uscc_type = "12"
            return f"长沙市第{self.pick(names.CHINESE_NUMERALS)}中学食堂"
        if roll < 0.62 and plan.district.code in URBAN_DISTRICTS:
            plan.uscc_type = "12"
            return f"{self.pick(names.UNIVERSITIES)}第{self.pick(names.CHINESE_NUMERALS[:8])}食堂"
        pattern, plan.uscc_type = self.pick(names.CANTEEN_INSTITUTIONS)
        return pattern.format(d=dn, p=place, b=self.brand())

    # ---- identifiers ----------------------------------------------------------------------------

    def assign_usccs(self, plans: list[Plan]) -> None:
        rng = self.rng
        for plan in plans:
            while True:
                if plan.uscc_type[0] == "9" and rng.random() < 0.8:
                    body = "MA" + "".join(self.pick(USCC_CHARSET) for _ in range(7))  # post-2015 codes
                else:
                    # Codes converted from old organisation codes are all digits.
                    body = "".join(str(rng.randrange(10)) for _ in range(9))
                authority, org_type = plan.uscc_type
                code = make_uscc(plan.district.code, body, authority=authority, org_type=org_type)
                if code not in self.used_uscc:
                    break
            self.used_uscc.add(code)
            plan.business.uscc = code
        # A few codes with a wrong check character, as real registers have: flagged, not refused.
        candidates = plans[1:]
        wrong = round(len(plans) * BAD_USCC_SHARE) if len(plans) >= 25 else 0
        for plan in rng.sample(candidates, min(wrong, len(candidates))):
            code = plan.business.uscc
            while True:
                bad = code[:17] + self.pick(USCC_CHARSET)
                if bad != code and bad not in self.used_uscc:
                    break
            self.used_uscc.add(bad)
            plan.business.uscc, plan.business.uscc_check_ok = bad, False

    def licence_number(self, kind: str, area: str, head) -> str:
        key = (kind, area, head)
        limit = 10 ** (4 if kind == LicenceKind.PRODUCTION else 6)
        while True:
            if key not in self.licence_sequences:
                # Real numbers do not start at 1: earlier licences exist.
                self.licence_sequences[key] = self.rng.randint(1, limit // 20)
            seq = self.licence_sequences[key]
            # Gaps: licences of businesses not in the demo were issued in between.
            self.licence_sequences[key] = (seq + self.rng.randint(1, 5)) % limit
            number = make_licence_number(kind, area, seq, head)
            if number not in self.used_licence_numbers:
                self.used_licence_numbers.add(number)
                return number

    def company_prefix(self, plan: Plan) -> str:
        """The business's GS1 China company prefix: 69 + five digits, unique among demo businesses."""
        if plan.company_prefix is None:
            while True:
                prefix = f"69{self.rng.randint(10000, 99999)}"
                if prefix not in self.used_prefixes:
                    break
            self.used_prefixes.add(prefix)
            plan.company_prefix = prefix
        return plan.company_prefix

    def gtin(self, plan: Plan) -> str:
        prefix = self.company_prefix(plan)
        while True:
            # Stored as GTIN-14, which for a GTIN-13 is a leading zero.
            gtin = "0" + make_gtin13(prefix, plan.next_item)
            plan.next_item += 1
            if gtin not in self.used_gtins:
                self.used_gtins.add(gtin)
                return gtin

    def gln(self, plan: Plan) -> str:
        prefix = self.company_prefix(plan)
        while True:
            # Location references counted down from 99999 so they read apart from item references.
            first12 = f"{prefix}{100000 - plan.next_location_ref:05d}"
            plan.next_location_ref += 1
            gln = first12 + gtin_check_digit(first12)
            if gln not in self.used_glns:
                self.used_glns.add(gln)
                return gln

    def location_code(self, district_code: str) -> str:
        # Same format as Location.save(), but from the seeded RNG so a seed gives the same codes.
        while True:
            code = f"L{district_code}-{self.rng.getrandbits(32):08X}"
            if code not in self.used_location_codes:
                self.used_location_codes.add(code)
                return code

    # ---- licences -------------------------------------------------------------------------------

    def plan_licences(self, plans: list[Plan]) -> list[Plan]:
        licensed = [p for p in plans if p.kind != K.FARM_BASE]  # farms are licensed by agriculture
        for plan in licensed:
            district = plan.district
            if plan.kind in (K.PRODUCER, K.SLAUGHTERHOUSE):
                kind = LicenceKind.PRODUCTION
                head = names.PRODUCER_LINES[plan.variant][1] if plan.kind == K.PRODUCER else "104"
                scope = names.PRODUCER_LINES[plan.variant][2] if plan.kind == K.PRODUCER else \
                    "肉制品（鲜、冻畜肉分割）"
            else:
                kind = LicenceKind.BUSINESS
                head = {K.CATERING: 2, K.CANTEEN: 3}.get(plan.kind, 1)
                scope = self.pick(names.JY_SCOPES[head])
            plan.licence = Licence(kind=kind, number=self.licence_number(kind, district.code, head),
                                   area_code=district.code, scope=scope,
                                   issued_by=f"{district.name}市场监督管理局")

        # Decide which licences are revoked, suspended, expired or expiring. The featured business
        # (the business_user's supermarket) keeps a plainly valid licence.
        pool = [p for p in licensed if p.index != 0]
        self.rng.shuffle(pool)
        total = len(licensed)
        wanted = [
            ("revoked", 1 if total < 100 else 2),
            ("suspended", max(2, round(total * SUSPENDED_SHARE))),
            ("expired", max(2, round(total * EXPIRED_SHARE))),
            ("expiring", max(2, round(total * EXPIRING_SHARE))),
        ]
        fate = {}
        for state, n in wanted:
            for plan in pool[:n]:
                fate[plan.index] = state
            pool = pool[n:]

        soon = settings.LICENCE_EXPIRING_DAYS
        full_term = (_add_years(self.today, VALIDITY_YEARS) - self.today).days
        for plan in licensed:
            state = fate.get(plan.index, "valid")
            if state == "expired":
                until = self.today - timedelta(days=self.rng.randint(1, 365))
            elif state == "expiring":
                until = self.today + timedelta(days=self.rng.randint(0, soon))
            else:
                until = self.today + timedelta(days=self.rng.randint(soon + 1, full_term - 1))
            licence = plan.licence
            licence.valid_until = until
            licence.valid_from = _add_years(until, -VALIDITY_YEARS) + timedelta(days=1)
            licence.status = {"revoked": LicenceStatus.REVOKED, "suspended": LicenceStatus.SUSPENDED}.get(
                state, LicenceStatus.VALID)
            # The business's status follows what happened to its licence.
            if state == "revoked":
                plan.business.status = Business.Status.CLOSED
            elif state == "suspended":
                plan.business.status = Business.Status.SUSPENDED
            elif state == "expired" and self.rng.random() < 0.3:
                plan.business.status = Business.Status.CLOSED
        for plan in plans:
            if plan.kind == K.FARM_BASE and plan.index != 0 and self.rng.random() < 0.03:
                plan.business.status = self.pick((Business.Status.SUSPENDED, Business.Status.CLOSED))
        return licensed

    # ---- writing --------------------------------------------------------------------------------

    def _audit(self, model, rows: list, **detail) -> None:
        ids = [row.pk for row in rows if row.pk is not None]
        if ids:
            detail.update(first_id=min(ids), last_id=max(ids))
        record_bulk(action="demo_load", model=model, count=len(rows), detail={"seed": self.seed, **detail})

    def write_businesses(self, plans: list[Plan]) -> None:
        # Markets (and everything else) first: stall holders point at their market's primary key.
        first = [p.business for p in plans if p.role != "stall"]
        Business.objects.bulk_create(first, batch_size=BATCH_SIZE)
        stalls = []
        for plan in plans:
            if plan.role == "stall":
                plan.business.market = plan.market.business
                stalls.append(plan.business)
        Business.objects.bulk_create(stalls, batch_size=BATCH_SIZE)
        kinds: dict[str, int] = {}
        for plan in plans:
            kinds[plan.kind] = kinds.get(plan.kind, 0) + 1
        self._audit(Business, first + stalls, kinds=kinds, stall_holders=len(stalls),
                    uscc_check_failed=sum(1 for p in plans if not p.business.uscc_check_ok))

    def write_licences(self, licensed: list[Plan]) -> int:
        licences = []
        for plan in licensed:
            plan.licence.business = plan.business
            licences.append(plan.licence)
        Licence.objects.bulk_create(licences, batch_size=BATCH_SIZE)
        self._audit(Licence, licences)

        issued = gettext("issued")  # the same timeline entry licence_create writes
        changes = []
        for licence in licences:
            bureau = licence.issued_by
            changes.append(LicenceStatusChange(
                licence=licence, from_status="", to_status=LicenceStatus.VALID, reason=issued,
                at=self.at(licence.valid_from), actor_name=bureau))
            if licence.status != LicenceStatus.VALID:
                reasons = names.SUSPENSION_REASONS if licence.status == LicenceStatus.SUSPENDED else \
                    names.REVOCATION_REASONS
                start = max(licence.valid_from, self.today - timedelta(days=180))
                day = start + timedelta(days=self.rng.randint(0, max(0, (self.today - start).days - 1)))
                changes.append(LicenceStatusChange(
                    licence=licence, from_status=LicenceStatus.VALID, to_status=licence.status,
                    reason=self.pick(reasons), at=self.at(day), actor_name=bureau))
        LicenceStatusChange.objects.bulk_create(changes, batch_size=BATCH_SIZE)
        self._audit(LicenceStatusChange, changes)
        return len(changes)

    # ---- products -------------------------------------------------------------------------------

    def loose(self, plan: Plan, category: str, name: str, spec: str = "散装", unit: str = "kg",
              shelf: int | None = None) -> Product:
        return Product(business=plan.business, name=name, category_id=category, gtin=None, specification=spec,
                       unit=unit, shelf_life_days=shelf)

    def packaged(self, plan: Plan, category: str, template, brand: str) -> Product:
        name, spec, unit, shelf = template
        return Product(business=plan.business, name=f"{brand}{name}", category_id=category,
                       gtin=self.gtin(plan), specification=spec, unit=unit, shelf_life_days=shelf)

    def products_for(self, plan: Plan) -> list[Product]:
        rng, kind = self.rng, plan.kind
        if kind == K.FARM_BASE:
            cats = names.FARM_CATEGORIES[plan.variant]
            if plan.variant == "livestock":
                pool = [(c, n) for c in cats for n in names.FARM_LIVESTOCK[c]]
                picked = rng.sample(pool, rng.randint(1, 3))
                return [self.loose(plan, c, n, "活体", "head") for c, n in picked]
            spec = "鲜活" if plan.variant == "aquatic" else "散装"
            pool = [(c, n) for c in cats for n in names.LOOSE_PRODUCTS[c]]
            return [self.loose(plan, c, n, spec) for c, n in rng.sample(pool, rng.randint(2, 4))]
        if kind == K.PRODUCER:
            pool = [(c, t) for c in names.PRODUCER_LINE_CATEGORIES[plan.variant]
                    for t in names.PACKAGED_PRODUCTS[c]]
            picked = rng.sample(pool, min(len(pool), rng.randint(2, 5)))
            chosen = [self.packaged(plan, c, t, plan.brand) for c, t in picked]
            if plan.variant == "soy" and rng.random() < 0.5:
                # Fresh tofu goes to the markets unpackaged every morning.
                chosen.append(self.loose(plan, "soy.tofu", self.pick(names.LOOSE_PRODUCTS["soy.tofu"]),
                                         shelf=2))
            return chosen
        if kind == K.SLAUGHTERHOUSE:
            pool = names.SLAUGHTER_PRODUCTS[plan.variant]
            head, rest = pool[0], list(pool[1:])
            picked = [head, *rng.sample(rest, rng.randint(0, len(rest)))]
            return [self.loose(plan, c, n, s, u, 3) for c, n, s, u in picked]
        if kind == K.SUPERMARKET:
            cats = rng.sample(names.SUPERMARKET_LABEL_CATEGORIES, rng.randint(2, 4))
            chosen = [self.packaged(plan, c, self.pick(names.PACKAGED_PRODUCTS[c]), f"{plan.brand}优选")
                      for c in cats]
            if rng.random() < 0.5:
                cat = self.pick(names.FARM_CATEGORIES["vegetables"])
                chosen.append(self.loose(plan, cat, self.pick(names.LOOSE_PRODUCTS[cat])))
            return chosen
        if kind == K.DISTRIBUTOR:
            cats = rng.sample(names.DISTRIBUTOR_CATEGORIES, rng.randint(1, 3))
            return [self.packaged(plan, c, self.pick(names.PACKAGED_PRODUCTS[c]), self.brand()) for c in cats]
        if plan.role == "stall":
            pool = [(c, n) for c in names.STALL_GOODS[plan.variant] for n in names.LOOSE_PRODUCTS[c]]
            return [self.loose(plan, c, n) for c, n in rng.sample(pool, min(len(pool), rng.randint(2, 4)))]
        return []  # market operators, restaurants and canteens register no products of their own

    def fits(self, plan: Plan, category: str) -> bool:
        if plan.kind == K.FARM_BASE:
            return category in names.FARM_CATEGORIES[plan.variant]
        if plan.kind == K.PRODUCER:
            return category in names.PRODUCER_LINE_CATEGORIES[plan.variant]
        if plan.kind == K.SLAUGHTERHOUSE:
            return any(c == category for c, *_ in names.SLAUGHTER_PRODUCTS[plan.variant])
        return True

    def top_up(self, plans: list[Plan], products: list[Product]) -> list[Product]:
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
            owners = [p for p in owners if self.fits(p, code)] or owners
            if not owners:
                continue  # a tiny demo: not every kind exists
            owner = self.pick(owners)
            if code in names.PACKAGED_PRODUCTS and owner.kind not in (K.FARM_BASE, K.SLAUGHTERHOUSE):
                brand = owner.brand or self.brand()
                extra.append(self.packaged(owner, code, names.PACKAGED_PRODUCTS[code][0], brand))
            elif code in ("meat.pork", "meat.beef", "meat.mutton"):
                extra.append(self.loose(owner, code, self.pick(names.LOOSE_PRODUCTS[code]), shelf=3))
            elif code == "meat.poultry" or owner.variant == "livestock":
                animal = names.FARM_LIVESTOCK.get(code, ("活禽",))[0]
                extra.append(self.loose(owner, code, animal, "活体", "head"))
            else:
                extra.append(self.loose(owner, code, self.pick(names.LOOSE_PRODUCTS[code])))
        return extra

    def write_products(self, plans: list[Plan]) -> int:
        products = []
        for plan in plans:
            products += self.products_for(plan)
        products += self.top_up(plans, products)
        for product in products:
            # A closed business's products are off the shelves.
            product.is_active = product.business.status != Business.Status.CLOSED
        Product.objects.bulk_create(products, batch_size=BATCH_SIZE)
        self._audit(Product, products, with_gtin=sum(1 for p in products if p.gtin))
        return len(products)

    # ---- locations ------------------------------------------------------------------------------

    def locations_for(self, plan: Plan) -> list[tuple[str, str]]:
        """(kind, name suffix) of the places a business works in."""
        rng, kind, L = self.rng, plan.kind, Location.Kind
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
            return [(L.STALL, f"{self.pick('ABCDEFGH')}区{rng.randint(1, 180)}号摊位") for _ in range(count)]
        if kind == K.SUPERMARKET:
            extra = [(L.WAREHOUSE, "生鲜冷库")] if rng.random() < 0.3 else []
            return [(L.STORE, "门店"), (L.WAREHOUSE, "配送仓库"), *extra]
        if kind == K.DISTRIBUTOR:
            stores = rng.sample(("常温仓库", "冷链仓库", "冷冻库"), rng.randint(1, 2))
            return [(L.WAREHOUSE, n) for n in stores]
        if kind == K.CANTEEN:
            return [(L.KITCHEN, "后厨")] + ([(L.KITCHEN, "二楼餐厅后厨")] if rng.random() < 0.2 else [])
        return [(L.KITCHEN, "后厨")]

    def write_locations(self, plans: list[Plan]) -> int:
        rng = self.rng
        rows = []
        for plan in plans:
            business = plan.business
            # A stall holder's stalls are named after, and stand in, its market.
            host = plan.market.business if plan.role == "stall" else business
            for kind, suffix in self.locations_for(plan):
                gln = None
                if plan.kind in GLN_KINDS and plan.role != "stall" and rng.random() < GLN_SHARE:
                    gln = self.gln(plan)
                near = kind in (Location.Kind.STALL, Location.Kind.STORE, Location.Kind.KITCHEN)
                spread = 0.0003 if near else 0.004
                rows.append(Location(
                    business=business, code=self.location_code(plan.district.code),
                    name=f"{host.name}{suffix}", kind=kind, address=host.address, gln=gln,
                    latitude=self.decimal(float(host.latitude) + rng.uniform(-spread, spread)),
                    longitude=self.decimal(float(host.longitude) + rng.uniform(-spread, spread)),
                    is_active=business.status != Business.Status.CLOSED,
                ))
        Location.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        self._audit(Location, rows, with_gln=sum(1 for r in rows if r.gln))
        return len(rows)
