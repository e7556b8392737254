"""Writes of registry data: ``<entity>_<verb>(*, actor, ...)``, one transaction each.

Each checks the actor's permission and scope, validates with the model's
rules, and saves; the audit trail records the change in the same
transaction (audit.signals), attributed to ``actor``.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from foodtrace.accounts.principals import actor_name, require
from foodtrace.audit.context import attributed_to
from foodtrace.references import check_references
from foodtrace.regions.models import Region
from foodtrace.regions.scoping import scope_of
from foodtrace.registry.models import (
    Business,
    Licence,
    LicenceStatus,
    LicenceStatusChange,
    Location,
    Product,
)
from foodtrace.workflow.services import case_transition


def _require_district_in_scope(actor, district: Region) -> None:
    if not scope_of(actor).allows_district(district.code, district.city_id):
        raise PermissionDenied(_("%(district)s is outside your area.") % {"district": district})


def _require_business_in_scope(actor, business_id) -> Business:
    business = Business.objects.restrict(actor).filter(pk=business_id).first()
    if business is None:
        raise ValidationError({"business": _("No such business in your area.")})
    return business


def _save(actor, instance, fields: dict | None = None):
    for name, value in (fields or {}).items():
        setattr(instance, name, value)
    check_references(instance)  # an unknown district_id/category_id is a field error, not a crash in clean()
    instance.full_clean()
    with attributed_to(actor):
        instance.save()
    return instance


@transaction.atomic
def business_create(*, actor, **fields) -> Business:
    require(actor, "registry.add_business")
    business = Business(**fields)
    check_references(business)
    if business.district_id:
        _require_district_in_scope(actor, business.district)
    return _save(actor, business)


@transaction.atomic
def business_update(*, actor, business: Business, **fields) -> Business:
    require(actor, "registry.change_business")
    business = _require_business_in_scope(actor, business.pk)
    _save(actor, business, fields)
    _require_district_in_scope(actor, business.district)
    return business


@transaction.atomic
def licence_create(*, actor, business_id: int, **fields) -> Licence:
    require(actor, "registry.add_licence")
    business = _require_business_in_scope(actor, business_id)
    licence = _save(actor, Licence(business=business, **fields))
    with attributed_to(actor):
        LicenceStatusChange.objects.create(licence=licence, to_status=licence.status, reason=_("issued"),
                                           actor_name=actor_name(actor))
    return licence


def licence_change_status(*, actor, licence: Licence, status: str, reason: str) -> Licence:
    """Suspend, revoke or restore a licence, with the reason on its timeline (registry/workflow.py)."""
    from foodtrace.registry.workflow import TRANSITION_TO

    require(actor, "registry.change_licence_status")
    current = Licence.objects.restrict(actor).filter(pk=licence.pk).values_list("status", flat=True).first()
    if current is None:
        raise ValidationError({"licence": _("No such licence in your area.")})
    if status not in TRANSITION_TO:
        raise ValidationError({"status": _("Status must be valid, suspended or revoked.")})
    # The specific answers first; the transition re-checks the state under the row lock.
    if current == LicenceStatus.REVOKED:
        raise ValidationError({"status": _("A revoked licence cannot change status; issue a new licence.")})
    if status == current:
        raise ValidationError({"status": _("The licence already has this status.")})
    if status != LicenceStatus.VALID and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for suspending or revoking a licence.")})

    def change(licence, now):
        licence.full_clean()

    try:
        return case_transition(actor=actor, case=licence, transition=TRANSITION_TO[status], note=reason,
                               change=change)
    except Licence.DoesNotExist:
        raise ValidationError({"licence": _("No such licence in your area.")}) from None


@transaction.atomic
def product_create(*, actor, business_id: int, **fields) -> Product:
    require(actor, "registry.add_product")
    business = _require_business_in_scope(actor, business_id)
    return _save(actor, Product(business=business, **fields))


@transaction.atomic
def product_update(*, actor, product: Product, **fields) -> Product:
    require(actor, "registry.change_product")
    product = Product.objects.restrict(actor).filter(pk=product.pk).first()
    if product is None:
        raise ValidationError({"product": _("No such product in your area.")})
    fields.pop("business_id", None)
    return _save(actor, product, fields)


@transaction.atomic
def location_create(*, actor, business_id: int, **fields) -> Location:
    require(actor, "registry.add_location")
    business = _require_business_in_scope(actor, business_id)
    return _save(actor, Location(business=business, **fields))


@transaction.atomic
def location_update(*, actor, location: Location, **fields) -> Location:
    require(actor, "registry.change_location")
    location = Location.objects.restrict(actor).filter(pk=location.pk).first()
    if location is None:
        raise ValidationError({"location": _("No such location in your area.")})
    fields.pop("business_id", None)
    return _save(actor, location, fields)
