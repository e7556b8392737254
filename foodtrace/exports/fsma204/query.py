"""A request for an FSMA 204 export, checked: a traceability lot code, or a date range with an optional GTIN."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from foodtrace.i18n import localized
from foodtrace.identifiers import IdentifierError, normalise_gtin
from foodtrace.identifiers.epc import CanonicalId, canonical_from_key
from foodtrace.registry.models import Product
from foodtrace.trace.graph import TraceInputError, key_of_code

from .kdes import FORMATS, MAX_RANGE_DAYS, TLC_KINDS


@dataclass
class Fsma204Query:
    """A checked request: either a lot (``tlc_key``) or a date range, with an optional GTIN."""

    fmt: str = "csv"
    tlc: str = ""  # as asked
    tlc_key: str = ""  # canonical key of the lot
    date_from: date | None = None
    date_to: date | None = None
    gtin: str = ""

    @property
    def by_lot(self) -> bool:
        return bool(self.tlc_key)

    def describe(self) -> str:
        if self.by_lot:
            return f"TLC {self.tlc} ({self.tlc_key})"
        text = f"{self.date_from.isoformat()} – {self.date_to.isoformat()}"
        return f"{text}, GTIN {self.gtin}" if self.gtin else text

    def filename(self, today: date) -> str:
        subject = _safe_filename(self.tlc) if self.by_lot else f"{self.date_from:%Y%m%d}-{self.date_to:%Y%m%d}"
        return f"fsma204-{subject}-{today:%Y%m%d}.{self.fmt}"


def _safe_filename(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in text)[:60] or "lot"


def _parse_date(field_name: str, raw: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise ValidationError({field_name: _("%(value)r is not a date; write it as YYYY-MM-DD, e.g. 2026-01-31.")
                               % {"value": raw}}) from None


def parse_query(params, principal) -> Fsma204Query:
    """Check the parameters (``tlc`` | ``from``+``to``, ``gtin``, ``product``, ``format``) of a request.

    Raises ``ValidationError`` with the parameter's name and a message that says what is wrong and how to
    write it (the API answers 422 with it; the page shows it under the field).
    """
    get = lambda name: (params.get(name) or "").strip()  # noqa: E731
    query = Fsma204Query(fmt=(get("format") or "csv").lower())
    if query.fmt not in FORMATS:
        raise ValidationError({"format": _("format must be csv or xlsx, not %(value)r.") % {"value": get("format")}})
    tlc, date_from, date_to = get("tlc"), get("from"), get("to")
    if tlc and (date_from or date_to):
        raise ValidationError({"tlc": _("Ask for either one traceability lot code (tlc) or a date range "
                                        "(from, to), not both.")})
    if not tlc and not (date_from or date_to):
        raise ValidationError({"tlc": _("Give a traceability lot code (tlc=…) or a date range "
                                        "(from=YYYY-MM-DD&to=YYYY-MM-DD).")})
    query.gtin = _gtin_of(get("gtin"), get("product"), principal)
    if tlc:
        query.tlc, cid = tlc, _lot_of(tlc, query.gtin)
        query.tlc_key = cid.key
        return query
    if not date_from or not date_to:
        missing = "from" if not date_from else "to"
        raise ValidationError({missing: _("A date range needs both from and to (YYYY-MM-DD).")})
    query.date_from, query.date_to = _parse_date("from", date_from), _parse_date("to", date_to)
    if query.date_to < query.date_from:
        raise ValidationError({"to": _("The range ends (%(to)s) before it starts (%(from)s).")
                               % {"to": query.date_to, "from": query.date_from}})
    if (query.date_to - query.date_from).days + 1 > MAX_RANGE_DAYS:
        raise ValidationError({"to": _("A date range may cover at most %(days)d days; ask for several ranges.")
                               % {"days": MAX_RANGE_DAYS}})
    return query


def _gtin_of(raw_gtin: str, raw_product: str, principal) -> str:
    gtin = ""
    if raw_gtin:
        try:
            gtin = normalise_gtin(raw_gtin)
        except IdentifierError as exc:
            raise ValidationError({"gtin": localized(exc)}) from exc
    if raw_product:
        if not raw_product.isdigit():
            raise ValidationError({"product": _("product is a product ID (a number), not %(value)r.")
                                   % {"value": raw_product}})
        found = Product.objects.restrict(principal).filter(pk=int(raw_product)).values_list("gtin", flat=True)
        if not found:
            raise ValidationError({"product": _("There is no product %(id)s in your area.") % {"id": raw_product}})
        if not found[0]:
            raise ValidationError({"product": _("This product has no GTIN, so its lots cannot be picked out; "
                                                "ask for its traceability lot codes instead.")})
        if gtin and gtin != found[0]:
            raise ValidationError({"gtin": _("gtin and product are different products; give one of them.")})
        gtin = found[0]
    return gtin


def _lot_of(tlc: str, gtin: str) -> CanonicalId:
    """A TLC as a canonical lot: any spelling of a lot code, or a GS1 lot number with ``gtin``."""
    if gtin and ":" not in tlc and "/" not in tlc:
        try:
            return canonical_from_key(f"lgtin:{gtin}:{tlc}")
        except (IdentifierError, ValueError) as exc:
            raise ValidationError({"tlc": localized(exc)}) from exc
    try:
        cid = key_of_code(tlc)
    except TraceInputError as exc:
        hint = "" if gtin else " " + _("A GS1 batch/lot number alone also needs the product's gtin.")
        raise ValidationError({"tlc": _("%(tlc)r is not a traceability lot code this platform can read "
                                        "(GS1 Digital Link, EPC URN or platform lot code).") % {"tlc": tlc}
                               + hint}) from exc
    if cid.kind not in TLC_KINDS:
        raise ValidationError({"tlc": _("%(tlc)r names a %(kind)s, not a traceability lot; give a lot code "
                                        "(GTIN with batch/lot, or a platform lot code).")
                               % {"tlc": tlc, "kind": cid.kind}})
    if gtin and cid.gtin and cid.gtin != gtin:
        raise ValidationError({"gtin": _("The lot code is of GTIN %(lot)s, not %(gtin)s.")
                               % {"lot": cid.gtin, "gtin": gtin}})
    return cid
