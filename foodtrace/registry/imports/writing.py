"""Writing a checked file: set-based (``bulk_create``), in one transaction, with one audit entry."""

from django.db import transaction
from django.utils.translation import gettext as _

from foodtrace.accounts.principals import actor_name
from foodtrace.audit.context import attributed_to
from foodtrace.audit.recorder import record_bulk
from foodtrace.registry.models import Business, Licence, LicenceStatusChange, Product

from .lookups import in_chunks

BATCH_SIZE = 1000
AUDIT_KEYS = 1000
MODELS = {"businesses": Business, "licences": Licence, "products": Product}


def _audit_key(kind: str, obj) -> str:
    if kind == "businesses":
        return obj.uscc
    if kind == "licences":
        return obj.number
    return obj.gtin or obj.name


def _record_issued(actor, filename: str, licences: list[Licence]) -> None:
    """The first step of each imported licence's status timeline, as licence_create writes it."""
    if any(lic.pk is None for lic in licences):
        # Databases that cannot return ids from a bulk insert: look them up once, by number.
        ids = {}
        for chunk in in_chunks(lic.number for lic in licences):
            ids.update(Licence.objects.filter(number__in=chunk).values_list("number", "pk"))
        for lic in licences:
            lic.pk = ids[lic.number]
    reason = _("Issued by bulk import (%(file)s)") % {"file": filename}
    LicenceStatusChange.objects.bulk_create(
        [LicenceStatusChange(licence_id=lic.pk, to_status=lic.status, reason=reason,
                             actor_name=actor_name(actor)) for lic in licences],
        batch_size=BATCH_SIZE)


def write(actor, kind: str, filename: str, objects: list) -> int:
    """Insert the file's objects; how many were written."""
    model = MODELS[kind]
    with transaction.atomic(), attributed_to(actor):
        created = model.objects.bulk_create(objects, batch_size=BATCH_SIZE)
        if kind == "licences":
            _record_issued(actor, filename, created)
        # bulk_create sends no signals, so this one entry is the audit trail of the whole file.
        keys = [_audit_key(kind, obj) for obj in created[:AUDIT_KEYS]]
        record_bulk(action="import", model=model, count=len(created), detail={"file": filename, "keys": keys})
    return len(created)
