"""Identifiers for the demo, unique among themselves and against the database: USCCs, licence numbers,
GS1 company prefixes, GTINs, GLNs and location codes."""

from foodtrace.demo.draws import Draws
from foodtrace.demo.plans import Plan
from foodtrace.identifiers import USCC_CHARSET, gtin_check_digit, make_gtin13, make_licence_number, make_uscc
from foodtrace.registry.models import Business, Licence, LicenceKind, Location, Product

BAD_USCC_SHARE = 0.02


class Codes:
    def __init__(self, draw: Draws):
        self.draw = draw
        # Keys that must be unique: start from what is already in the database so a second seed
        # (or a half-loaded database) cannot collide with existing rows.
        self.used_uscc = set(Business.objects.values_list("uscc", flat=True))
        self.used_licence_numbers = set(Licence.objects.values_list("number", flat=True))
        self.used_gtins = set(Product.objects.exclude(gtin=None).values_list("gtin", flat=True))
        self.used_location_codes = set(Location.objects.values_list("code", flat=True))
        self.used_glns = set(Location.objects.exclude(gln=None).values_list("gln", flat=True))
        self.used_prefixes: set[str] = set()
        self.licence_sequences: dict[tuple, int] = {}

    def assign_usccs(self, plans: list[Plan]) -> None:
        rng, pick = self.draw.rng, self.draw.pick
        for plan in plans:
            while True:
                if plan.uscc_type[0] == "9" and rng.random() < 0.8:
                    body = "MA" + "".join(pick(USCC_CHARSET) for _ in range(7))  # post-2015 codes
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
                bad = code[:17] + pick(USCC_CHARSET)
                if bad != code and bad not in self.used_uscc:
                    break
            self.used_uscc.add(bad)
            plan.business.uscc, plan.business.uscc_check_ok = bad, False

    def licence_number(self, kind: str, area: str, head) -> str:
        rng = self.draw.rng
        key = (kind, area, head)
        limit = 10 ** (4 if kind == LicenceKind.PRODUCTION else 6)
        while True:
            if key not in self.licence_sequences:
                # Real numbers do not start at 1: earlier licences exist.
                self.licence_sequences[key] = rng.randint(1, limit // 20)
            seq = self.licence_sequences[key]
            # Gaps: licences of businesses not in the demo were issued in between.
            self.licence_sequences[key] = (seq + rng.randint(1, 5)) % limit
            number = make_licence_number(kind, area, seq, head)
            if number not in self.used_licence_numbers:
                self.used_licence_numbers.add(number)
                return number

    def company_prefix(self, plan: Plan) -> str:
        """The business's GS1 China company prefix: 69 + five digits, unique among demo businesses."""
        if plan.company_prefix is None:
            while True:
                prefix = f"69{self.draw.rng.randint(10000, 99999)}"
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
            code = f"L{district_code}-{self.draw.rng.getrandbits(32):08X}"
            if code not in self.used_location_codes:
                self.used_location_codes.add(code)
                return code
