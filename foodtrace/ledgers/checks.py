"""Checking ledger rows and turning them into entries (one entry = one EPCIS event).

Every row is checked cell by cell first (no database); then the database is asked once per kind of key
for the whole file — registered USCCs, the business's own products, registered GTINs — and each row's
product and lot are resolved against those answers.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import quote

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from foodtrace.identifiers import IdentifierError, canonical_id, normalise_gtin, parse_uscc
from foodtrace.registry.imports.lookups import in_chunks
from foodtrace.registry.models import Business, Product
from foodtrace.sheets import Row, match_key

from .columns import DOCUMENT_KEYS
from .models import LedgerKind
from .report import Msg
from .units import UNIT_CHOICES, find_unit
from .values import (
    MAX_DOCUMENT_NUMBER,
    MAX_QUANTITY,
    cell_datetime,
    cell_quantity,
    document_numbers,
    document_problem,
    time_problem,
    transaction_value,
)

GS1_RESOLVER = "https://id.gs1.org"
PLATFORM_LOT = re.compile(r"T[0-9A-Z]{15}")
MAX_NAME = 200


@dataclass
class Entry:
    """One checked row, ready to become an event."""

    row: int
    kind: str
    time: datetime
    party_uscc: str
    party_name: str
    epc_class: str  # the lot (or product class) URI written to quantityList
    lot_key: str  # its canonical key (identifiers.epc)
    product_name: str
    quantity: float | None
    uom: str
    documents: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, number, bizTransaction URI)


@dataclass
class _Cells:
    """A row's values after the checks that need no database."""

    time: datetime | None = None
    uscc: tuple[str, bool] | None = None
    name: str = ""
    product: tuple[str, object] | None = None  # ("gtin", gtin14) | ("name", text) | ("object", Product)
    lot: str = ""
    quantity: float | None = None
    uom: str = ""
    documents: list[tuple[str, str, str]] = field(default_factory=list)


def _time(row: Row, now: datetime) -> datetime | None:
    if not row.required("time"):
        return None
    when = cell_datetime(row.raw("time"))
    if when is None:
        row.error("time", Msg(_("“%(value)s” is not a date and time; write e.g. 2026-03-01 08:30 (or a date "
                                "alone)."), value=row.text("time")))
        return None
    problem = time_problem(when, now)
    if problem == "future":
        row.error("time", Msg(_("%(value)s is in the future."), value=f"{when:%Y-%m-%d %H:%M}"))
    elif problem == "old":
        row.error("time", Msg(_("%(value)s is before 2000; check the year."), value=f"{when:%Y-%m-%d}"))
    return when


def _uscc(row: Row) -> tuple[str, bool] | None:
    if not row.required("party_uscc"):
        return None
    text = row.code("party_uscc")
    if text is None:
        return None
    try:
        info = parse_uscc(text)
    except IdentifierError as exc:
        row.error("party_uscc", Msg.of(exc))
        return None
    return info.code, info.check_ok


def _product(row: Row) -> tuple[str, object] | None:
    raw = row.raw("product")
    if isinstance(raw, Product):  # the quick form's choice, already limited to the business's products
        return "object", raw
    if not row.required("product"):
        return None
    text = row.code("product")
    if text is None:
        return None
    text = unicodedata.normalize("NFKC", text).strip()
    if isinstance(raw, int | float) and text.isdigit():
        # A number cell has lost a GTIN's leading zeros; they do not change its check digit.
        text = text.zfill(next((n for n in (8, 12, 13, 14) if len(text) <= n), len(text)))
    if text.isascii() and text.isdigit() and len(text) in (8, 12, 13, 14):
        try:
            return "gtin", normalise_gtin(text)
        except IdentifierError as exc:
            row.error("product", Msg.of(exc))
            return None
    if len(text) > MAX_NAME:
        row.error("product", Msg(_("At most %(max)s characters, this cell has %(length)s."), max=MAX_NAME,
                                 length=len(text)))
        return None
    return "name", text


def _quantity(row: Row, required: bool) -> tuple[float | None, str]:
    given = not row.blank("quantity")
    if not given and not required and row.blank("unit"):
        return None, ""
    if not given:
        row.required("quantity")
        quantity = None
    else:
        quantity = cell_quantity(row.raw("quantity"))
        if quantity is None:
            row.error("quantity", Msg(_("“%(value)s” is not a number."), value=row.text("quantity")))
        elif not 0 < quantity <= MAX_QUANTITY:
            row.error("quantity", Msg(_("The quantity must be more than 0 and at most %(max)s."),
                                      max=f"{MAX_QUANTITY:,}"))
            quantity = None
    unit_text = row.required("unit")
    unit = find_unit(unit_text)
    if unit_text and unit is None:
        row.error("unit", Msg(_("Unknown unit “%(value)s”. Use one of: %(choices)s (or its UN/ECE code, e.g. "
                                "KGM)."), value=unit_text, choices="、".join(n for n, _label in UNIT_CHOICES)))
    if quantity is None or unit is None:
        return None, ""
    # Floats in events (EPCIS quantities are JSON numbers); rounded so 0.1 jin does not become 0.05000000001.
    return round(float(quantity * unit.factor), 6), unit.code


def _documents(row: Row, kind: str) -> list[tuple[str, str, str]]:
    documents = []
    for key in DOCUMENT_KEYS:
        for number in document_numbers(row.raw(key)):
            problem = document_problem(number)
            if problem == "long":
                row.error(key, Msg(_("A document number has at most %(max)s characters; “%(value)s” has "
                                     "%(length)s."), max=MAX_DOCUMENT_NUMBER, value=number, length=len(number)))
            elif problem == "control":
                row.error(key, Msg(_("“%(value)s” contains invisible control characters."), value=number))
            else:
                documents.append((key, number, transaction_value(key, number)))
    if kind == LedgerKind.CERTIFICATES and not documents and not any(row.text(k) for k in DOCUMENT_KEYS):
        row.error(next((k for k in DOCUMENT_KEYS if k in row.headers), ""),
                  Msg(_("Give at least one certificate, invoice or inspection report number.")))
    return documents


def _cells(row: Row, kind: str, now: datetime) -> _Cells:
    name = row.required("party_name")
    if len(name) > MAX_NAME:
        row.error("party_name", Msg(_("At most %(max)s characters, this cell has %(length)s."), max=MAX_NAME,
                                    length=len(name)))
    lot = unicodedata.normalize("NFKC", row.text("lot")).strip()
    quantity, uom = _quantity(row, required=kind != LedgerKind.CERTIFICATES)
    return _Cells(time=_time(row, now), uscc=_uscc(row), name=name, product=_product(row), lot=lot,
                  quantity=quantity, uom=uom, documents=_documents(row, kind))


class _Lookups:
    """The database's answers for the whole file: one query per kind of key."""

    def __init__(self, business: Business, parsed: list[tuple[Row, _Cells]]):
        doubtful = {c.uscc[0] for _r, c in parsed if c.uscc and not c.uscc[1]}
        self.registered: set[str] = set()
        for chunk in in_chunks(doubtful):
            self.registered.update(Business.objects.filter(uscc__in=chunk).values_list("uscc", flat=True))
        self.own_products: dict[str, list[tuple[str, str | None]]] = {}
        if any(c.product and c.product[0] == "name" for _r, c in parsed):
            for name, gtin in Product.objects.filter(business=business, is_active=True).values_list("name", "gtin"):
                self.own_products.setdefault(match_key(name), []).append((name, gtin))
        gtins = {c.product[1] for _r, c in parsed if c.product and c.product[0] == "gtin"}
        self.gtin_names: dict[str, str] = {}
        for chunk in in_chunks(gtins):
            self.gtin_names.update(Product.objects.filter(gtin__in=chunk).values_list("gtin", "name"))


def _resolve_product(row: Row, cells: _Cells, lookups: _Lookups) -> tuple[str, str | None] | None:
    """(product name, GTIN-14 or None) of the row."""
    how, value = cells.product
    if how == "object":
        return value.name, value.gtin
    if how == "gtin":
        return lookups.gtin_names.get(value, ""), value
    found = lookups.own_products.get(match_key(value), [])
    if not found:
        row.error("product", Msg(_("No product named “%(value)s” is registered to your business. Register it "
                                   "first, or give its GTIN (barcode)."), value=value))
        return None
    if len(found) > 1:
        row.error("product", Msg(_("Your business has %(count)s products named “%(value)s”; give the GTIN "
                                   "(barcode) instead."), count=len(found), value=value))
        return None
    return found[0]


def _resolve_lot(row: Row, lot: str, gtin: str | None) -> tuple[str, str] | None:
    """(epcClass URI, canonical key) of the row's lot, or of the product class when no lot is given."""
    if not lot:
        if not gtin:
            row.error("lot", Msg(_("This product has no GTIN, so the lot code is needed: the platform lot code "
                                   "(T and 15 letters or digits) on the label or delivery note.")))
            return None
        uri = f"{GS1_RESOLVER}/01/{gtin}"
    elif PLATFORM_LOT.fullmatch(lot.upper()):
        uri = f"urn:foodtrace:lot:{lot.upper()}"
    elif gtin:
        uri = f"{GS1_RESOLVER}/01/{gtin}/10/{quote(lot, safe='')}"
    else:
        row.error("lot", Msg(_("“%(value)s” is not a platform lot code (T and 15 letters or digits). A batch "
                               "number of the maker needs the product's GTIN."), value=lot))
        return None
    try:
        return uri, canonical_id(uri).key
    except IdentifierError as exc:
        row.error("lot", Msg.of(exc))
        return None


def check_rows(kind: str, business: Business, rows: list[Row], now: datetime | None = None) -> list[Entry]:
    """The rows' entries; rows with problems report them (``row.failed``) and give no entry."""
    now = now or timezone.now()
    parsed = [(row, _cells(row, kind, now)) for row in rows]
    lookups = _Lookups(business, parsed)
    entries = []
    for row, cells in parsed:
        if cells.uscc:
            code, check_ok = cells.uscc
            if code == business.uscc:
                row.error("party_uscc", Msg(_("This is your own business's code; give the other party's.")))
            elif not check_ok and code not in lookups.registered:
                # A failed check character is accepted only for codes already in the registry (some real codes
                # fail it); otherwise it is almost always a typo, and a typo would break the trace.
                row.error("party_uscc", Msg(_("The check character (the 18th) of %(uscc)s is wrong; check the "
                                              "code."), uscc=code))
        product = _resolve_product(row, cells, lookups) if cells.product else None
        lot = _resolve_lot(row, cells.lot, product[1]) if product else None
        if row.failed or lot is None or cells.time is None or cells.uscc is None:
            continue
        entries.append(Entry(row=row.number, kind=kind, time=cells.time, party_uscc=cells.uscc[0],
                             party_name=cells.name, epc_class=lot[0], lot_key=lot[1], product_name=product[0],
                             quantity=cells.quantity, uom=cells.uom, documents=cells.documents))
    return entries
