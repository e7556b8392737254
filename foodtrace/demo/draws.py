"""The demo's one seeded random source, and the small random choices every part of it draws."""

import math
import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from foodtrace.demo import names
from foodtrace.demo.districts import BOUNDS, DISTRICT_CENTRES
from foodtrace.demo.plans import Plan


class Draws:
    """Every random choice comes from one ``random.Random``, in a fixed order: same seed, same city."""

    def __init__(self, seed: int):
        self.seed = seed
        self.rng = random.Random(seed)
        self.tz = timezone.get_current_timezone()

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

    def at(self, day: date) -> datetime:
        """Some time in office hours of ``day``, in the platform's time zone."""
        moment = datetime.combine(day, time(9, 0)) + timedelta(minutes=self.rng.randrange(8 * 60))
        return timezone.make_aware(moment, self.tz)


def to_decimal(value: float) -> Decimal:
    """A coordinate as the models store it: six decimal places."""
    return Decimal(f"{value:.6f}")
