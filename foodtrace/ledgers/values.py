"""One ledger cell's value: date and time, quantity, document numbers — and how they are written in events."""

import re
import unicodedata
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from urllib.parse import quote

from foodtrace.sheets import cell_text, parse_decimal

# China Standard Time has had no daylight saving since 1991: every ledger time is +08:00.
CST = timezone(timedelta(hours=8), "Asia/Shanghai")
EARLIEST = datetime(2000, 1, 1, tzinfo=CST)
MAX_QUANTITY = Decimal("1000000000")
MAX_DOCUMENT_NUMBER = 64

_DATETIME_FORMS = (
    # 2026-03-01 08:30[:15], 2026/3/1 8:30, 2026.3.1, 2026年3月1日 8:30 or 8时30分, and the ISO "T".
    re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
               r"(?:\s*[T ]?\s*(\d{1,2})\s*[:：时点]\s*(\d{1,2})\s*(?:[:：分]\s*(?:(\d{1,2})\s*秒?)?)?)?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})(?:\s*(\d{2}):?(\d{2})(?::?(\d{2}))?)?$"),
)


def cell_datetime(value) -> datetime | None:
    """A cell as an aware date-time at +08:00 (a date alone is midnight), or None when it is not one."""
    if isinstance(value, datetime):
        return _aware(value)
    if isinstance(value, date):
        return datetime.combine(value, time(), CST)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # an Excel date serial, the fraction being the time of day
            from openpyxl.utils.datetime import from_excel

            return _aware(from_excel(value).replace(microsecond=0))
        return None
    text = unicodedata.normalize("NFKC", cell_text(value))
    try:  # ISO 8601 with an offset, as systems export it
        parsed = datetime.fromisoformat(text)
    except ValueError:
        parsed = None
    if parsed is not None and parsed.tzinfo is not None:
        return parsed.astimezone(CST)
    for form in _DATETIME_FORMS:
        match = form.match(text)
        if match:
            parts = [int(p) if p else 0 for p in match.groups()]
            try:
                return datetime(*parts, tzinfo=CST)
            except ValueError:
                return None
    return None


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=CST) if value.tzinfo is None else value.astimezone(CST)


def time_problem(when: datetime, now: datetime) -> str | None:
    """"future" or "old" when a time cannot be a ledger entry's (a typo, usually), else None."""
    if when > now + timedelta(hours=1):
        return "future"
    if when < EARLIEST:
        return "old"
    return None


def cell_quantity(value) -> Decimal | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    return parse_decimal(unicodedata.normalize("NFKC", cell_text(value)).replace(",", ""))


_SEPARATORS = re.compile(r"[;；,，、\n]+")


def document_numbers(value) -> list[str]:
    """The document numbers of a cell: several may be separated by ; , or 、 (each once, in order)."""
    text = unicodedata.normalize("NFKC", cell_text(value))
    return list(dict.fromkeys(n.strip() for n in _SEPARATORS.split(text) if n.strip()))


def normalise_document_number(number: str) -> str:
    # NFKC: a number typed with a Chinese input method (full-width digits) is the same document.
    return unicodedata.normalize("NFKC", number).strip()


def document_problem(number: str) -> str | None:
    if len(number) > MAX_DOCUMENT_NUMBER:
        return "long"
    if any(unicodedata.category(ch).startswith("C") for ch in number):
        return "control"
    return None


# Document kind -> (EPCIS bizTransaction type, URN prefix of its numbers). The two urn:foodtrace:btt types
# are the platform's own (CBV has none for these documents); bench/events_generator.py uses the first.
DOCUMENT_TYPES = {
    "quarantine_cert": ("urn:foodtrace:btt:quarantine_cert", "urn:foodtrace:qc:"),
    "invoice": ("inv", "urn:foodtrace:inv:"),
    "inspection_report": ("urn:foodtrace:btt:inspection_report", "urn:foodtrace:ir:"),
}


def transaction_value(kind: str, number: str) -> str:
    """A document number as the bizTransaction URI of events (and of attachments, which are found by it)."""
    prefix = DOCUMENT_TYPES[kind][1]
    return prefix + quote(normalise_document_number(number), safe="")
