"""The EPCIS events that go with issuing and splitting codes, captured through the one capture service.

Going through ``trace.capture.events_capture`` (not writing rows ourselves) means the same validation, scope
rules, projection, trace edges and audit entry as any business's own capture.
"""

import json
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from foodtrace.epcis.errors import EPCISError, ValidationErrors
from foodtrace.identifiers.epc import location_uri, party_uri
from foodtrace.trace.capture import CaptureRefused, events_capture
from foodtrace.trace.models import CaptureJob

CONTEXT = ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"]


def now_fields() -> dict:
    """eventTime and eventTimeZoneOffset for "now" in the platform's time zone (Asia/Shanghai)."""
    now = timezone.localtime()
    return {"eventTime": now.isoformat(timespec="milliseconds"), "eventTimeZoneOffset": _offset(now)}


def _offset(moment: datetime) -> str:
    raw = moment.strftime("%z")  # +0800
    return f"{raw[:3]}:{raw[3:]}"


def quantity_element(uri: str, quantity: float | None, uom: str) -> dict:
    element = {"epcClass": uri}
    if quantity is not None:
        element["quantity"] = quantity
        if uom:
            element["uom"] = uom
    return element


def ilmd(production_date, expiry_date) -> dict:
    fields = {}
    if production_date:
        fields["cbvmda:productionDate"] = production_date.isoformat()
    if expiry_date:
        fields["cbvmda:itemExpirationDate"] = expiry_date.isoformat()
    return fields


def _where(location) -> dict:
    where = {"id": location_uri(location.code)}
    return {"readPoint": where, "bizLocation": where}


def commissioning(code, location, when: dict) -> dict:
    """ObjectEvent ADD commissioning: the lot (or unit) comes into being at the business's location."""
    event = {"type": "ObjectEvent", **when, "action": "ADD", "bizStep": "commissioning", "disposition": "active",
             **_where(location)}
    if code.kind == code.Kind.UNIT:
        event["epcList"] = [code.uri]
    else:
        event["quantityList"] = [quantity_element(code.uri, code.quantity, code.uom)]
    extra = ilmd(code.production_date, code.expiry_date)
    if extra:
        event["ilmd"] = extra
    return event


def repackaging(parent, total: float | None, uom: str, parts: list, location, when: dict) -> dict:
    """TransformationEvent repackaging: one lot in, the sold parts out (a ``split-into`` edge to each)."""
    event = {"type": "TransformationEvent", **when, "bizStep": "repackaging", "disposition": "active",
             "inputQuantityList": [quantity_element(parent.uri, total, uom)],
             "outputQuantityList": [quantity_element(p.uri, p.quantity, p.uom) for p in parts],
             **_where(location)}
    extra = ilmd(parent.production_date, parent.expiry_date)
    if extra:
        event["ilmd"] = extra
    return event


def shipping(part, seller_uscc: str, customer_uscc: str, location, when: dict) -> dict:
    return {"type": "ObjectEvent", **when, "action": "OBSERVE", "bizStep": "shipping",
            "disposition": "in_transit", **_where(location),
            "quantityList": [quantity_element(part.uri, part.quantity, part.uom)],
            "sourceList": [{"type": "owning_party", "source": party_uri(seller_uscc)}],
            "destinationList": [{"type": "owning_party", "destination": party_uri(customer_uscc)}]}


def capture_events(actor, events: list[dict]) -> CaptureJob:
    """Capture ``events`` as one document; any refusal raises, so the caller's transaction rolls back."""
    document = {"@context": CONTEXT, "type": "EPCISDocument", "schemaVersion": "2.0",
                "creationDate": events[0]["eventTime"], "epcisBody": {"eventList": events}}
    body = json.dumps(document, ensure_ascii=False).encode("utf-8")
    try:
        result = events_capture(actor=actor, content=body, content_type="application/ld+json")
    except CaptureRefused as exc:
        raise PermissionDenied(str(exc)) from exc
    except ValidationErrors as exc:
        raise ValidationError({"events": [e.detail for e in exc.errors]}) from exc
    except EPCISError as exc:
        raise ValidationError({"events": exc.detail}) from exc
    if result.job.status != CaptureJob.Status.SUCCESS:
        raise ValidationError({"events": [_("The trace event was refused: %(detail)s") % {"detail": e["detail"]}
                                          for e in result.job.errors]})
    return result.job
