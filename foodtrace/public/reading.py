"""What a person typed or scanned → the code's canonical identifier.

Accepted: the platform code (``T`` + 15, any case), a GS1 Digital Link URI or path on any host, an EPC URN
(everything ``graph.key_of_code`` reads), GS1 element strings as printed under a barcode
(``(01)06901234567892(10)L1``) or as a scanner sends them (``0106901234567892``\\ ``10L1``, with GS
separators or a symbology identifier such as ``]d2``/``]Q3``/``]C1``), a bare EAN-13/GTIN, or a GTIN with a
lot or serial number in separate fields. Full-width characters from a Chinese input method are folded first.
"""

from __future__ import annotations

import re
import unicodedata

from biip import ParseError
from biip import parse as biip_parse
from biip.gs1_messages import GS1Message
from django.utils.translation import gettext as _

from foodtrace.i18n import localized
from foodtrace.identifiers import CanonicalId, IdentifierError, canonical_id, to_digital_link
from foodtrace.trace.graph import TraceInputError, key_of_code

PRODUCT_KINDS = ("platform_lot", "lgtin", "sgtin", "gtin")
GS = "\x1d"
_DIGITS = re.compile(r"\d{8}")
_SYMBOLOGY = re.compile(r"^\][A-Za-z][0-9A-Za-z]")


class Unreadable(ValueError):
    """Not a code the look-up can read; the message says why, in the current language."""


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").strip()
    # Scanners and copy-paste bring invisible characters; keep the GS separator of GS1 element strings.
    return "".join(ch for ch in text if ch == GS or unicodedata.category(ch)[0] != "C").strip()


def _from_elements(elements: dict[str, str]) -> CanonicalId:
    gtin = elements.get("01")
    if not gtin:
        raise Unreadable(_("This barcode has no product number (GTIN, AI 01)."))
    path = f"https://id.gs1.org/01/{gtin}"
    if elements.get("21"):
        path += "/21/" + _quoted(elements["21"])
    elif elements.get("10"):
        path += "/10/" + _quoted(elements["10"])
    return _canonical(path)


def _quoted(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")


def _canonical(uri: str) -> CanonicalId:
    try:
        return canonical_id(uri)
    except IdentifierError as exc:
        raise Unreadable(localized(exc)) from exc


def _element_strings(text: str) -> dict[str, str] | None:
    """GS1 element strings in the printed (HRI) or the scanned form, or None when the text is not one."""
    try:
        if text.startswith("("):
            message = GS1Message.parse_hri(text)
        elif _SYMBOLOGY.match(text) or GS in text or _DIGITS.match(text):
            result = biip_parse(text)
            if result.gs1_message is None:
                return {"01": result.gtin.value.zfill(14)} if result.gtin is not None else None
            message = result.gs1_message
        else:
            return None
    except (ParseError, ValueError):
        return None
    return {element.ai.ai: element.value for element in message.element_strings}


def read_code(text: str = "", *, gtin: str = "", lot: str = "", serial: str = "") -> CanonicalId:
    """The identifier of a typed or scanned code; ``Unreadable`` with the reason when it is none."""
    text, gtin, lot, serial = _clean(text), _clean(gtin), _clean(lot), _clean(serial)
    if gtin:
        digits = gtin.replace(" ", "")
        if not digits.isdigit() or len(digits) not in (8, 12, 13, 14):
            raise Unreadable(_("A product barcode number (GTIN) has 8, 12, 13 or 14 digits."))
        cid = _from_elements({"01": digits.zfill(14), "10": lot, "21": serial})
    elif not text:
        raise Unreadable(_("Type the trace code, or scan it."))
    else:
        elements = _element_strings(text)
        if elements is not None:
            cid = _from_elements(elements)
        elif text.isdigit() and len(text) in (8, 12, 13, 14):  # a barcode number that did not read: say why
            cid = _canonical(f"https://id.gs1.org/01/{text}")
        else:
            try:
                cid = key_of_code(text)
            except TraceInputError as exc:
                if ":" not in text and "/" not in text:  # read as a platform code: say what one looks like
                    raise Unreadable(_("%(text)s is not a trace code: a platform trace code is T followed by 15 "
                                       "letters or digits (e.g. T4Q7ZK2M9XB1C0DE), a barcode number has 8 to 14 "
                                       "digits.") % {"text": text[:40]}) from exc
                cause = exc.__cause__
                detail = localized(cause) if isinstance(cause, IdentifierError) else ""
                raise Unreadable(detail or _("This is not a trace code the platform can read.")) from exc
    if cid.kind not in PRODUCT_KINDS:
        raise Unreadable(_("This code does not name goods for sale (it may be a pallet, a place or a "
                           "business). Look for the trace code or the barcode on the package."))
    return cid


def page_path(cid: CanonicalId) -> str:
    """The path of the code's public page: the same as its QR code's (``/t/…`` or the GS1 Digital Link)."""
    if cid.kind == "platform_lot":
        return f"/t/{cid.value}"
    return to_digital_link(cid, "https://h")[len("https://h"):]
