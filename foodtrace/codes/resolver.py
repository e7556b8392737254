"""GS1 Digital Link resolution on the platform's own host: read the path, find the code, describe it.

Paths: ``/t/{code}`` and ``/01/{gtin}[/10/{lot}][/21/{serial}]`` (8/12/13-digit GTINs are padded to
14, segments are percent-decoded after splitting); a trailing ``/qr.svg`` or ``/qr.png`` asks for the
QR code of the same URI. What is described here is public: product, producer by name, USCC and
licence status, dates — never contact persons or phone numbers.
"""

from dataclasses import dataclass
from urllib.parse import quote, unquote

from django.utils.translation import gettext as _

from foodtrace.codes.models import TraceCode, display_of
from foodtrace.i18n import localized
from foodtrace.identifiers import (
    CanonicalId,
    IdentifierError,
    canonical_from_key,
    canonical_id,
    platform_lot_uri,
    to_digital_link,
)
from foodtrace.registry.models import Business, Licence, LicenceStatus, Product

__all__ = ["BadPath", "Found", "Target", "display_of", "find", "key_of_text", "linkset", "public_data"]

QR_FORMATS = {"qr.svg": "svg", "qr.png": "png"}
GS1_KINDS = ("gtin", "lgtin", "sgtin")
VOC = "https://gs1.org/voc/"


class BadPath(ValueError):
    """A path that is not a code this resolver can read; the message says why (in the current language)."""


@dataclass
class Target:
    cid: CanonicalId
    qr: str  # "", "svg" or "png"


@dataclass
class Found:
    cid: CanonicalId
    code: TraceCode | None
    product: Product | None
    business: Business | None

    def public_url(self, base: str) -> str:
        if self.code is not None:
            return self.code.public_url(base)
        return to_digital_link(self.cid, base)

    @property
    def uri(self) -> str:
        """The URI the trace graph knows it by (host-independent)."""
        return self.code.uri if self.code is not None else to_digital_link(self.cid)


def segments(request, prefix: str, rest: str) -> list[str]:
    """The path after ``/{prefix}/`` as percent-encoded segments.

    Django decodes the path before routing, so ``%2F`` inside a lot would split it; when the server
    passes the raw request line (gunicorn's RAW_URI) it is read from there instead.
    """
    raw = (request.META.get("RAW_URI") or request.META.get("REQUEST_URI") or "").split("?", 1)[0].split("#", 1)[0]
    head = f"/{prefix}/"
    if raw.startswith(head) and unquote(raw) == request.path:
        parts = raw[len(head):].split("/")
    else:
        parts = [quote(part, safe="") for part in rest.split("/")]
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()  # a trailing slash is not part of the identifier (GS1 Digital Link)
    return parts


def _split_qr(parts: list[str]) -> tuple[list[str], str]:
    if len(parts) > 1 and parts[-1] in QR_FORMATS:
        return parts[:-1], QR_FORMATS[parts[-1]]
    return parts, ""


def platform_target(request, rest: str) -> Target:
    parts, qr = _split_qr(segments(request, "t", rest))
    if len(parts) != 1 or not parts[0]:
        raise BadPath(_("A platform code is written /t/{code}: T followed by 15 digits or letters."))
    try:
        return Target(canonical_id(platform_lot_uri(unquote(parts[0]))), qr)
    except IdentifierError as exc:
        raise BadPath(localized(exc)) from exc


def digital_link_target(request, rest: str) -> Target:
    parts, qr = _split_qr(segments(request, "01", rest))
    uri = f"https://{request.get_host()}/01/" + "/".join(parts)
    try:
        cid = canonical_id(uri)
    except IdentifierError as exc:
        raise BadPath(localized(exc)) from exc
    if cid.kind not in GS1_KINDS:
        raise BadPath(_("This is not a GS1 Digital Link of a product: write /01/{GTIN}, /01/{GTIN}/10/{lot} or "
                        "/01/{GTIN}/21/{serial} (GTIN of 8, 12, 13 or 14 digits)."))
    return Target(cid, qr)


KEY_PREFIXES = ("plot:", "lgtin:", "sgtin:")


def key_of_text(text: str) -> str:
    """The identifier key of a code as people and programs write it: ``T…``, ``/t/T…``, a Digital Link
    (path or URI), a platform or EPC URN, or a stored key (``plot:…``, ``lgtin:…``, ``sgtin:…``)."""
    text = (text or "").strip()
    if text.startswith(KEY_PREFIXES):
        return canonical_from_key(text).key
    if text.startswith("/"):
        return canonical_id("https://resolver.invalid" + text).key
    if ":" not in text and "/" not in text:
        return canonical_id(platform_lot_uri(text)).key
    return canonical_id(text).key


def find(cid: CanonicalId) -> Found | None:
    """Not scoped: whatever the platform issued is public by design (the label is on the goods)."""
    if cid.kind == "gtin":
        product = Product.objects.select_related("business", "category").filter(gtin=cid.gtin).first()
        return Found(cid, None, product, product.business) if product else None
    code = (TraceCode.objects.select_related("product__category", "business__district", "parent")
            .filter(key=cid.key).first())
    return Found(cid, code, code.product, code.business) if code else None


def licence_status(business: Business) -> tuple[str, str]:
    """The effective status of the business's licence that runs longest: (value, label)."""
    licence = (Licence.objects.with_effective_status().filter(business=business).order_by("-valid_until")
               .values_list("effective_status", flat=True).first())
    if licence is None:
        return "", _("no licence on record")
    return licence, str(LicenceStatus(licence).label)


def public_data(found: Found, base: str) -> dict:
    code, product, business = found.code, found.product, found.business
    status, status_label = licence_status(business) if business else ("", "")
    data = {
        "uri": found.public_url(base),
        "code": code.code if code and code.code else None,
        "key": found.cid.key,
        "kind": code.kind if code else "product",
        "gtin": found.cid.gtin or (product.gtin if product and product.gtin else None),
        "lot": found.cid.lot or (code.code if code and code.is_platform else None),
        "serial": found.cid.serial or None,
        "product": {"name": product.name, "specification": product.specification,
                    "category": product.category.name} if product else None,
        "business": {"name": business.name, "uscc": business.uscc, "licenceStatus": status,
                     "licenceStatusLabel": status_label} if business else None,
    }
    if code is not None:
        data.update({
            "quantity": code.quantity, "uom": code.uom or None,
            "productionDate": code.production_date.isoformat() if code.production_date else None,
            "expiryDate": code.expiry_date.isoformat() if code.expiry_date else None,
            "splitFrom": code.parent.public_url(base) if code.parent_id else None,
            "issued": code.created_at.date().isoformat(),
        })
    return data


def description(found: Found) -> str:
    if found.product is not None:
        return f"{found.product.name} {found.product.specification}".strip()
    return str(found.code) if found.code else found.cid.key


def linkset(found: Found, base: str) -> dict:
    """A GS1 Digital Link linkset (RFC 9264 JSON with GS1 link types), plus the code's public data."""
    anchor = found.public_url(base)
    title = description(found)
    page = {"href": anchor, "title": title, "type": "text/html", "hreflang": ["zh", "en"]}
    links = {
        "anchor": anchor,
        "itemDescription": title,
        f"{VOC}defaultLink": [page],
        f"{VOC}pip": [page],
        f"{VOC}relatedImage": [
            {"href": f"{anchor}/qr.svg", "title": _("QR code"), "type": "image/svg+xml"},
            {"href": f"{anchor}/qr.png", "title": _("QR code"), "type": "image/png"},
        ],
    }
    if found.code is not None:
        # The trace API takes the code in its path: the bare platform code, or the Digital Link URI as it is.
        trace_path = found.code.code or quote(found.code.uri, safe=":/%")
        links[f"{VOC}traceability"] = [{
            "href": f"{base}/api/v1/trace/{trace_path}",
            "title": _("Trace forward and back (API key or log-in required)"), "type": "application/json"}]
        # A unit is an instance (MATCH_anyEPC); a lot is a class with a quantity (MATCH_anyEPCClass).
        match = "MATCH_anyEPC" if found.code.kind == TraceCode.Kind.UNIT else "MATCH_anyEPCClass"
        links[f"{VOC}epcis"] = [{"href": f"{base}/epcis/events?{match}={quote(found.code.uri, safe='')}",
                                 "title": _("EPCIS events (API key or log-in required)"),
                                 "type": "application/ld+json"}]
    return {"anchor": anchor, "itemDescription": title, "code": public_data(found, base), "linkset": [links]}
