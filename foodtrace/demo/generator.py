"""A believable Changsha, generated set-based: businesses, licences, products and locations.

Everything is planned in memory from one seeded ``random.Random`` (same seed,
same city) and written with ``bulk_create`` in batches, so 10 000 businesses
load in seconds. ``bulk_create`` sends no signals, so the audit trail gets one
``demo_load`` entry per model, written in the same transaction as the rows.
Call ``generate`` inside ``acting_as_system(...)`` so the entries name the door.

This module runs the steps in order; each step lives in the module named for
what it plans: ``businesses`` (with ``business_names``), ``licences``,
``catalogue`` (products) and ``locations``. ``draws`` holds the seeded random
source, ``codes`` the unique identifiers, ``plans`` the plan of one business.
The order of the steps is the order of the random draws: change it and the
same seed gives another city.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from foodtrace.demo.business_names import BusinessNames
from foodtrace.demo.businesses import describe, plan_businesses, plan_markets, write_businesses
from foodtrace.demo.catalogue import write_products
from foodtrace.demo.codes import Codes
from foodtrace.demo.districts import CITY_CODE, FEATURED_DISTRICT
from foodtrace.demo.draws import Draws
from foodtrace.demo.licences import plan_licences, write_licences
from foodtrace.demo.locations import write_locations
from foodtrace.demo.plans import kinds_of
from foodtrace.regions.models import Region
from foodtrace.registry.models import Business


class DemoError(Exception):
    """The demo cannot be built (missing reference data, a name clash); the message says why."""


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
        return _generate(businesses, seed, today or timezone.localdate())


def _generate(count: int, seed: int, today: date) -> GenerationSummary:
    draw = Draws(seed)
    codes = Codes(draw)
    business_names = BusinessNames(draw)
    districts = list(Region.objects.filter(level=Region.Level.DISTRICT, city_id=CITY_CODE).order_by("code"))
    if len(districts) != 9 or FEATURED_DISTRICT not in [d.code for d in districts]:
        raise DemoError("Changsha's nine districts (430100) are missing: run `manage.py migrate` first.")
    plans = plan_businesses(draw, count, districts)
    plan_markets(draw, plans)
    for plan in plans:
        describe(draw, business_names, plan)
    codes.assign_usccs(plans)
    licensed = plan_licences(draw, codes, plans, today)
    write_businesses(seed, plans)
    changes = write_licences(draw, licensed, today)
    products = write_products(draw, codes, plans)
    locations = write_locations(draw, codes, plans)
    return GenerationSummary(
        businesses=len(plans), licences=len(licensed), status_changes=changes, products=products,
        locations=locations, featured_business=plans[0].business, seed=seed, kinds=kinds_of(plans))
