"""Issuing codes and splitting lots: ``code_issue`` and ``code_split``, each one transaction.

Each checks the actor's permission and scope, stores the codes (audited by the model signals,
attributed to the actor) and captures the matching EPCIS events through the capture service; if
the capture refuses anything the whole operation rolls back, so a code never exists without its
event nor an event without its code.
"""

import re
import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from foodtrace.accounts.principals import acting_client, require
from foodtrace.audit.context import attributed_to
from foodtrace.codes import events
from foodtrace.codes.models import TraceCode
from foodtrace.i18n import localized
from foodtrace.identifiers import IdentifierError, canonical_from_key, normalise_gtin, parse_uscc
from foodtrace.regions.scoping import ScopeLevel, scope_of
from foodtrace.registry.models import Business, Location, Product
from foodtrace.trace.models import CaptureJob

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
CODE_ATTEMPTS = 5  # 36^15 ≈ 2×10^23 codes: a second attempt is already astronomically rare
MAX_PARTS = 200
UOM = re.compile(r"[A-Z0-9]{2,3}")
# Product units (registry) → UN/ECE Recommendation 20, the unit codes EPCIS quantities use.
UOM_OF_UNIT = {"kg": "KGM", "piece": "H87", "head": "H87", "box": "BX", "bottle": "BO", "L": "LTR"}
TOLERANCE = 1e-6  # quantities are floats; parts summing to the lot must not fail on rounding


@dataclass
class Issued:
    code: TraceCode
    job: CaptureJob


@dataclass
class Split:
    parent: TraceCode
    parts: list[TraceCode] = field(default_factory=list)
    job: CaptureJob | None = None


def new_platform_code() -> str:
    # Random rather than sequential: unguessable, and issued by many writers at once without a counter.
    return "T" + "".join(secrets.choice(ALPHABET) for _ in range(15))


def _business(actor, business_id: int | None) -> Business:
    if business_id is None:
        # A business (or its system) issues for itself; everyone else names the business.
        if scope_of(actor).level != ScopeLevel.BUSINESS:
            raise ValidationError({"business_id": _("Name the business the code is issued for.")})
        business_id = actor.business_id
    business = Business.objects.restrict(actor).filter(pk=business_id).first()
    if business is None:
        raise ValidationError({"business_id": _("No such business in your area.")})
    if business.status != Business.Status.OPERATING:
        raise ValidationError({"business_id": _("%(business)s is not operating; it cannot issue codes.")
                               % {"business": business.name}})
    return business


def _location(business: Business) -> Location:
    location = (Location.objects.filter(business=business, is_active=True).order_by("pk").first()
                or Location.objects.filter(business=business).order_by("pk").first())
    if location is None:
        raise ValidationError({"business_id": _(
            "%(business)s has no registered location; register one first: the trace event is recorded there."
        ) % {"business": business.name}})
    return location


def _uom(uom: str, product: Product | None, quantity) -> str:
    if quantity is None:
        return ""
    uom = (uom or "").strip().upper() or UOM_OF_UNIT.get(product.unit if product else "kg", "KGM")
    if not UOM.fullmatch(uom):
        raise ValidationError({"uom": _("The unit must be a UN/ECE Recommendation 20 code of 2-3 letters or "
                                        "digits, e.g. KGM (kilogram), H87 (piece), LTR (litre); got %(uom)s.")
                               % {"uom": uom}})
    return uom


def _quantity(value, field_name: str = "quantity"):
    if value is not None and not value > 0:
        raise ValidationError({field_name: _("The quantity must be greater than zero.")})
    return value


def _dates(product: Product | None, production_date: date | None, expiry_date: date | None):
    if expiry_date is None and production_date and product and product.shelf_life_days:
        expiry_date = production_date + timedelta(days=product.shelf_life_days)
    if production_date and expiry_date and expiry_date < production_date:
        raise ValidationError({"expiry_date": _("The expiry date is before the production date.")})
    return production_date, expiry_date


def _attribution(actor) -> dict:
    return {"api_client": actor} if acting_client(actor) is not None else {"created_by": actor}


def _save(actor, code: TraceCode) -> TraceCode:
    with attributed_to(actor):
        code.save()
    return code


def _save_platform_code(actor, code: TraceCode) -> TraceCode:
    """Store a new platform code; on the (rare) clash with an issued one, draw again."""
    for attempt in range(CODE_ATTEMPTS):
        code.code = new_platform_code()
        code.key = f"plot:{code.code}"
        try:
            with transaction.atomic():  # a savepoint: a clash must not spoil the caller's transaction
                return _save(actor, code)
        except IntegrityError:
            code.pk = None
            code._state.adding = True
            if attempt == CODE_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _gs1_key(business: Business, gtin: str, lot: str, serial: str) -> tuple[str, str, Product]:
    try:
        gtin14 = normalise_gtin(gtin).zfill(14)
    except IdentifierError as exc:
        raise ValidationError({"gtin": localized(exc)}) from exc
    product = Product.objects.filter(business=business, gtin=gtin14).first()
    if product is None:
        raise ValidationError({"gtin": _("GTIN %(gtin)s is not a product of %(business)s; register the product "
                                         "first.") % {"gtin": gtin14, "business": business.name}})
    if bool(lot) == bool(serial):
        raise ValidationError({"lot": _("Give either a batch/lot number (AI 10) or a serial number (AI 21).")})
    kind, key = ("lot", f"lgtin:{gtin14}:{lot}") if lot else ("unit", f"sgtin:{gtin14}:{serial}")
    try:
        canonical_from_key(key)  # GS1 character set 82, at most 20 characters
    except IdentifierError as exc:
        raise ValidationError({"lot" if lot else "serial": localized(exc)}) from exc
    return kind, key, product


@transaction.atomic
def code_issue(*, actor, business_id: int | None = None, product_id: int | None = None, gtin: str = "",
               lot: str = "", serial: str = "", quantity: float | None = None, uom: str = "",
               production_date: date | None = None, expiry_date: date | None = None) -> Issued:
    """A platform lot code for goods without a GTIN, or the registration of a GS1 lot / unit.

    Captures the commissioning event (ObjectEvent ADD) at the business's first location.
    """
    require(actor, "codes.add_tracecode")
    business = _business(actor, business_id)
    location = _location(business)
    lot, serial = (lot or "").strip(), (serial or "").strip()
    product = None
    if product_id is not None:
        product = Product.objects.filter(pk=product_id, business=business).first()
        if product is None:
            raise ValidationError({"product_id": _("No such product of %(business)s.") % {"business": business.name}})
    if not gtin and product is not None and product.gtin and (lot or serial):
        gtin = product.gtin  # the product says which GTIN the lot or serial belongs to
    if gtin:
        kind, key, gs1_product = _gs1_key(business, gtin, lot, serial)
        if product is not None and product != gs1_product:
            raise ValidationError({"product_id": _("The product does not have GTIN %(gtin)s.")
                                   % {"gtin": gs1_product.gtin}})
        product = gs1_product
        if TraceCode.objects.filter(key=key).exists():
            raise ValidationError({"lot" if lot else "serial": _("This GS1 lot or unit is already registered.")})
    elif lot or serial:
        raise ValidationError({"gtin": _("A batch/lot or serial number is registered with its GTIN; goods without "
                                         "a GTIN get a platform code (leave lot and serial empty).")})
    else:
        kind, key = TraceCode.Kind.LOT, ""
        if product is not None and product.gtin:
            raise ValidationError({"product_id": _(
                "This product has GTIN %(gtin)s: register its lot as /01/%(gtin)s/10/{lot} instead of a platform "
                "code, so it keeps one identity.") % {"gtin": product.gtin}})
    production_date, expiry_date = _dates(product, production_date, expiry_date)
    code = TraceCode(key=key, kind=kind, product=product, business=business, quantity=_quantity(quantity),
                     uom=_uom(uom, product, quantity), production_date=production_date, expiry_date=expiry_date,
                     **_attribution(actor))
    code.full_clean(exclude=["code", "key"])
    if key:
        try:
            with transaction.atomic():
                _save(actor, code)
        except IntegrityError as exc:  # registered by someone else between the check above and now
            raise ValidationError({"lot" if lot else "serial": _("This GS1 lot or unit is already registered.")}) \
                from exc
    else:
        _save_platform_code(actor, code)
    job = events.capture_events(actor, [events.commissioning(code, location, events.now_fields())])
    return Issued(code, job)


def _check_parts(parent: TraceCode, parts: list[dict]) -> tuple[str, float]:
    """The parts' common unit and their sum; refuses what the lot cannot give."""
    if not parts:
        raise ValidationError({"parts": _("Name at least one part to split off.")})
    if len(parts) > MAX_PARTS:
        raise ValidationError({"parts": _("At most %(n)d parts at once.") % {"n": MAX_PARTS}})
    unit = parent.uom
    for number, part in enumerate(parts, start=1):
        if part.get("quantity") is None or not part["quantity"] > 0:
            raise ValidationError({"parts": _("Part %(n)d: the quantity must be greater than zero.") % {"n": number}})
        part_uom = (part.get("uom") or "").strip().upper() or unit or "KGM"
        if not UOM.fullmatch(part_uom):
            raise ValidationError({"parts": _("Part %(n)d: the unit must be a UN/ECE Recommendation 20 code, e.g. "
                                              "KGM; got %(uom)s.") % {"n": number, "uom": part_uom}})
        if unit and part_uom != unit:
            raise ValidationError({"parts": _(
                "Part %(n)d is in %(part_uom)s but lot %(lot)s is in %(uom)s; split in the lot's unit."
            ) % {"n": number, "part_uom": part_uom, "lot": parent, "uom": unit}})
        unit = part_uom
        part["uom"] = part_uom
    total = sum(part["quantity"] for part in parts)
    if parent.quantity is not None:
        already = sum(q or 0 for q in parent.parts.values_list("quantity", flat=True))
        remaining = parent.quantity - already
        if total > remaining + TOLERANCE:
            raise ValidationError({"parts": _(
                "The parts add up to %(total)g %(uom)s, but only %(remaining)g %(uom)s of lot %(lot)s remain "
                "(%(quantity)g issued, %(already)g already split off)."
            ) % {"total": total, "uom": unit, "remaining": max(remaining, 0), "lot": parent,
                 "quantity": parent.quantity, "already": already}})
    return unit, total


def _customer(part: dict, number: int, seller: Business) -> str:
    raw = (part.get("customer") or "").strip()
    if not raw:
        return ""
    try:
        uscc = parse_uscc(raw).code  # a failed check character is accepted, as everywhere on the platform
    except IdentifierError as exc:
        raise ValidationError({"parts": _("Part %(n)d: %(error)s") % {"n": number, "error": localized(exc)}}) \
            from exc
    if uscc == seller.uscc:
        raise ValidationError({"parts": _("Part %(n)d: the customer is the seller itself.") % {"n": number}})
    return uscc


@transaction.atomic
def code_split(*, actor, code: str | TraceCode, parts: list[dict]) -> Split:
    """Split a lot into sold parts (流通追溯码): a new platform code per part, one repackaging event, and a
    shipping event for each part sold to a named customer. All or nothing."""
    require(actor, "codes.add_tracecode")
    key = code.key if isinstance(code, TraceCode) else code
    # Locked: two splits of one lot at once must not both spend the same remaining quantity.
    parent = (TraceCode.objects.restrict(actor).select_for_update(of=("self",)).select_related("business", "product")
              .filter(key=key).first())
    if parent is None:
        raise ValidationError({"code": _("No such code in your area.")})
    if parent.kind != TraceCode.Kind.LOT:
        raise ValidationError({"code": _("Only a lot can be split; %(code)s is a single unit.") % {"code": parent}})
    seller = parent.business
    location = _location(seller)
    parts = [dict(part) for part in parts]
    unit, total = _check_parts(parent, parts)
    customers = [_customer(part, number, seller) for number, part in enumerate(parts, start=1)]
    result = Split(parent)
    for part in parts:
        child = TraceCode(kind=TraceCode.Kind.LOT, product=parent.product, business=seller, parent=parent,
                          quantity=part["quantity"], uom=part["uom"], production_date=parent.production_date,
                          expiry_date=parent.expiry_date, **_attribution(actor))
        result.parts.append(_save_platform_code(actor, child))
    when = events.now_fields()
    recorded = [events.repackaging(parent, total, unit, result.parts, location, when)]
    recorded += [events.shipping(child, seller.uscc, customer, location, when)
                 for child, customer in zip(result.parts, customers, strict=True) if customer]
    result.job = events.capture_events(actor, recorded)
    return result
