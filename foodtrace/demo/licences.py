"""Planning licences: one per business except farms, in every state the regulator's dashboard shows,
with each licence's status timeline; then writing them."""

from datetime import date, timedelta

from django.conf import settings
from django.utils.translation import gettext

from foodtrace.demo import names
from foodtrace.demo.codes import Codes
from foodtrace.demo.draws import Draws
from foodtrace.demo.loading import BATCH_SIZE, record_load
from foodtrace.demo.plans import Plan
from foodtrace.registry.models import Business, Licence, LicenceKind, LicenceStatus, LicenceStatusChange
from foodtrace.registry.models import BusinessKind as K

VALIDITY_YEARS = 5  # 食品生产/经营许可证 are valid for five years
# Share of licences in each state the regulator's dashboard should show.
EXPIRED_SHARE, EXPIRING_SHARE, SUSPENDED_SHARE = 0.05, 0.08, 0.015


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a non-leap year
        return day.replace(year=day.year + years, day=28)


def plan_licences(draw: Draws, codes: Codes, plans: list[Plan], today: date) -> list[Plan]:
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
            scope = draw.pick(names.JY_SCOPES[head])
        plan.licence = Licence(kind=kind, number=codes.licence_number(kind, district.code, head),
                               area_code=district.code, scope=scope,
                               issued_by=f"{district.name}市场监督管理局")

    # Decide which licences are revoked, suspended, expired or expiring. The featured business
    # (the business_user's supermarket) keeps a plainly valid licence.
    pool = [p for p in licensed if p.index != 0]
    draw.rng.shuffle(pool)
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
    full_term = (add_years(today, VALIDITY_YEARS) - today).days
    for plan in licensed:
        state = fate.get(plan.index, "valid")
        if state == "expired":
            until = today - timedelta(days=draw.rng.randint(1, 365))
        elif state == "expiring":
            until = today + timedelta(days=draw.rng.randint(0, soon))
        else:
            until = today + timedelta(days=draw.rng.randint(soon + 1, full_term - 1))
        licence = plan.licence
        licence.valid_until = until
        licence.valid_from = add_years(until, -VALIDITY_YEARS) + timedelta(days=1)
        licence.status = {"revoked": LicenceStatus.REVOKED, "suspended": LicenceStatus.SUSPENDED}.get(
            state, LicenceStatus.VALID)
        # The business's status follows what happened to its licence.
        if state == "revoked":
            plan.business.status = Business.Status.CLOSED
        elif state == "suspended":
            plan.business.status = Business.Status.SUSPENDED
        elif state == "expired" and draw.rng.random() < 0.3:
            plan.business.status = Business.Status.CLOSED
    for plan in plans:
        if plan.kind == K.FARM_BASE and plan.index != 0 and draw.rng.random() < 0.03:
            plan.business.status = draw.pick((Business.Status.SUSPENDED, Business.Status.CLOSED))
    return licensed


def write_licences(draw: Draws, licensed: list[Plan], today: date) -> int:
    """Write the licences and their status timelines; how many status changes were written."""
    licences = []
    for plan in licensed:
        plan.licence.business = plan.business
        licences.append(plan.licence)
    Licence.objects.bulk_create(licences, batch_size=BATCH_SIZE)
    record_load(draw.seed, Licence, licences)

    issued = gettext("issued")  # the same timeline entry licence_create writes
    changes = []
    for licence in licences:
        bureau = licence.issued_by
        changes.append(LicenceStatusChange(
            licence=licence, from_status="", to_status=LicenceStatus.VALID, reason=issued,
            at=draw.at(licence.valid_from), actor_name=bureau))
        if licence.status != LicenceStatus.VALID:
            reasons = names.SUSPENSION_REASONS if licence.status == LicenceStatus.SUSPENDED else \
                names.REVOCATION_REASONS
            start = max(licence.valid_from, today - timedelta(days=180))
            day = start + timedelta(days=draw.rng.randint(0, max(0, (today - start).days - 1)))
            changes.append(LicenceStatusChange(
                licence=licence, from_status=LicenceStatus.VALID, to_status=licence.status,
                reason=draw.pick(reasons), at=draw.at(day), actor_name=bureau))
    LicenceStatusChange.objects.bulk_create(changes, batch_size=BATCH_SIZE)
    record_load(draw.seed, LicenceStatusChange, changes)
    return len(changes)
