"""What a rating or report is about, and which region's regulators handle it.

A code as people write it (``T…``, ``/t/T…``, a GS1 Digital Link, an EPC URN, or a stored key) is read into
its canonical key; its product comes from the issued trace code or the GTIN; its seller is the lot's last
holder (the party of the latest event naming the lot, from the backward trace); its producer is the business
that issued the code or recorded the lot first. Not scoped: routing a member of the public's message must see
the whole chain, and nothing of it is shown to them but the handling region's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from foodtrace.codes.models import TraceCode
from foodtrace.i18n import localized
from foodtrace.identifiers.epc import CanonicalId, canonical_from_key
from foodtrace.identifiers.errors import IdentifierError
from foodtrace.regions.models import Region
from foodtrace.registry.models import Business, Product
from foodtrace.trace.answer import describe
from foodtrace.trace.graph import TraceInputError, code_path, key_of_code, walk
from foodtrace.trace.models import EventIdentifier

STORED_KEY = re.compile(r"^(plot|lgtin|sgtin|gtin):")


class CodeError(ValueError):
    """A code that cannot be read or that the platform does not know; the message is for the person."""


@dataclass
class Subject:
    cid: CanonicalId
    product: Product | None
    known: bool  # the platform issued the code or has events naming it
    seller: Business | None  # the last holder
    seller_district: str | None
    producer_district: str | None

    @property
    def key(self) -> str:
        return self.cid.key

    @property
    def display(self) -> str:
        """The code as printed: the platform code, or the Digital Link path."""
        return self.cid.value if self.cid.kind == "platform_lot" else code_path(self.cid)


def read_code(text: str) -> CanonicalId:
    text = (text or "").strip()
    if not text:
        raise CodeError(_("Enter the trace code printed on the label or under the QR code."))
    if len(text) > 300:
        raise CodeError(_("This trace code is too long (at most 300 characters)."))
    try:
        if STORED_KEY.match(text):
            return canonical_from_key(text)
        return key_of_code(text)
    except IdentifierError as exc:
        raise CodeError(_("This trace code cannot be read: %(reason)s") % {"reason": localized(exc)}) from exc
    except TraceInputError as exc:
        cause = exc.__cause__
        reason = localized(cause) if isinstance(cause, IdentifierError) else str(exc)
        raise CodeError(_("This trace code cannot be read: %(reason)s") % {"reason": reason}) from exc


def _product_of(cid: CanonicalId, code: TraceCode | None) -> Product | None:
    if code is not None and code.product_id:
        return code.product
    if cid.gtin:
        return Product.objects.select_related("business").filter(gtin=cid.gtin).first()
    return None


def _last_holder(cid: CanonicalId) -> tuple[Business | None, str | None]:
    """The seller: the holder of the lot in its backward trace (the party of the latest event naming it)."""
    answer = describe(cid, walk(cid.key, direction="backward", depth=1))
    root = next((lot for lot in answer["lots"] if lot["id"] == cid.key), None)
    holder = root and root["holder"]
    if not holder:
        return None, None
    party = next((p for p in answer["parties"] if p["id"] == holder), None)
    if not party or not party.get("district"):
        return None, None
    business = Business.objects.filter(uscc=party["uscc"]).first() if party.get("uscc") else None
    return business, party["district"]["code"]


def subject_of(text: str) -> Subject:
    """Read a code and find what the platform knows of it; CodeError when unreadable."""
    cid = read_code(text)
    code = TraceCode.objects.select_related("product__business", "business").filter(key=cid.key).first()
    product = _product_of(cid, code)
    first_event = (EventIdentifier.objects.filter(key=cid.key).order_by("event_time", "event_id")
                   .values_list("event__district_id", flat=True).first())
    known = code is not None or first_event is not None or (cid.kind == "gtin" and product is not None)
    seller, seller_district = _last_holder(cid) if first_event is not None else (None, None)
    producer = (code.business.district_id if code is not None else None) or first_event or (
        product.business.district_id if product is not None else None)
    return Subject(cid, product, known, seller, seller_district, producer)


def city_code() -> str:
    """The platform's city (the inbox of last resort)."""
    return Region.objects.filter(level=Region.Level.CITY).order_by("code").values_list("code", flat=True).first()


def is_district(code: str | None) -> bool:
    return bool(code) and Region.objects.filter(code=code, level=Region.Level.DISTRICT).exists()
