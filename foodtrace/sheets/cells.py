"""One cell's value as the person meant it: text, date, number, and the form names are matched in."""

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_STRIPPED = _INVISIBLE + " \t\r\n\u3000\xa0"


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip(_STRIPPED))


def cell_text(value) -> str:
    """A cell as text: what the person typed, whatever type Excel stored it as."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        # Excel stores every number as a float: 6901234567892.0 is the GTIN 6901234567892.
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int | Decimal):
        return str(value)
    return unicodedata.normalize("NFC", str(value)).strip(_STRIPPED)


_DATE_FORMS = (
    # 2026-01-31, 2026/1/31, 2026.1.31, 2026年1月31日; a time after the date (Excel CSV exports) is ignored.
    re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
               r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def cell_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if isinstance(value, int) or value.is_integer():
            digits = str(int(value))
            if len(digits) == 8:  # 20260131 typed as a number
                return cell_date(digits)
        if 1 <= value < 2958466:  # a date serial in a cell formatted as a number
            from openpyxl.utils.datetime import from_excel

            return from_excel(value).date()
        return None
    text = cell_text(value)
    for form in _DATE_FORMS:
        match = form.match(text)
        if match:
            try:
                return date(*(int(part) for part in match.groups()))
            except ValueError:
                return None
    return None


def parse_decimal(text: str) -> Decimal | None:
    try:
        number = Decimal(text.replace("°", "").strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def match_key(text: str) -> str:
    """Matching form of a header or a named value: no spaces, no trailing *, case-folded."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", text).rstrip("*").casefold()


def named_values(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Matching form of each name -> its code, from (code, name) pairs; a later pair wins."""
    return {match_key(name): code for code, name in pairs if name}
