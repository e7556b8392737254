"""Bulk import of businesses, licences and products from .xlsx or .csv (批量导入).

All or nothing: every row of the file is read and checked, every problem is
reported with the row number and column header the person sees in their
spreadsheet, and only a file without a single problem is written — set-based
(``bulk_create``), in one transaction, with one audit entry for the whole file.

Lookups against the database are set-based too: one query per kind of key for
the whole file (chunked only for files larger than a database's bind-parameter
limit), never one per row.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from foodtrace.audit.context import attributed_to
from foodtrace.audit.recorder import record_bulk
from foodtrace.i18n import localized
from foodtrace.identifiers import IdentifierError, normalise_gtin, parse_licence_number, parse_uscc
from foodtrace.regions.models import Region
from foodtrace.regions.scoping import scope_of
from foodtrace.registry.models import (
    Business,
    BusinessKind,
    Licence,
    LicenceStatusChange,
    Product,
    ProductCategory,
)
from foodtrace.registry.services import require

IMPORT_KINDS = ("businesses", "licences", "products")
PERMISSION = "registry.import_registry"

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
# Far more than any kind needs; bounds the work a sheet with a stray cell in column XFD can cause.
MAX_COLUMNS = 100
# A 50,000-row sheet is a few dozen MB of XML; anything far beyond that is a zip bomb, not a registry.
MAX_XLSX_UNCOMPRESSED = 400 * 1024 * 1024
# Bind parameters per IN (...) query: below SQLite's default limit (32,766) and PostgreSQL's (65,535).
IN_CHUNK = 30_000
BATCH_SIZE = 1000
AUDIT_KEYS = 1000

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


@dataclass(frozen=True)
class Column:
    key: str  # English key, also accepted as a header
    header: str  # Chinese header printed in templates (with "*" when required)
    required: bool = False
    width: int = 16  # template column width, in Excel character units
    text: bool = False  # format the template column as text (codes whose leading zeros matter)

    @property
    def template_header(self) -> str:
        return f"{self.header}*" if self.required else self.header


COLUMNS: dict[str, tuple[Column, ...]] = {
    "businesses": (
        Column("uscc", "统一社会信用代码", True, 24, text=True),
        Column("name", "名称", True, 32),
        Column("kind", "类型", True, 20),
        Column("district", "所属区县", True, 14),
        Column("address", "地址", width=40),
        Column("latitude", "纬度", width=12),
        Column("longitude", "经度", width=12),
        Column("legal_representative", "法定代表人", width=14),
        Column("contact_name", "联系人", width=12),
        Column("contact_phone", "联系电话", width=16, text=True),
    ),
    "licences": (
        Column("uscc", "统一社会信用代码", True, 24, text=True),
        Column("number", "许可证编号", True, 22, text=True),
        Column("scope", "许可范围", width=40),
        Column("issued_by", "发证机关", width=28),
        Column("valid_from", "有效期起", True, 14),
        Column("valid_until", "有效期至", True, 14),
    ),
    "products": (
        Column("uscc", "统一社会信用代码", True, 24, text=True),
        Column("name", "产品名称", True, 28),
        Column("category", "产品类别", True, 16),
        Column("gtin", "商品条码", width=18, text=True),
        Column("specification", "规格", width=14),
        Column("unit", "单位", width=10),
        Column("shelf_life_days", "保质期(天)", width=12),
    ),
}

KIND_LABELS = {
    "businesses": gettext_lazy("Businesses"),
    "licences": gettext_lazy("Licences"),
    "products": gettext_lazy("Products"),
}

# Accepted Chinese names of each business kind; the first is the official term (工作目标) used in templates.
BUSINESS_KIND_NAMES: dict[str, tuple[str, ...]] = {
    BusinessKind.FARM_BASE: ("规模化种养殖基地", "种养殖基地", "种植基地", "养殖基地"),
    BusinessKind.PRODUCER: ("食品生产企业", "生产企业"),
    BusinessKind.SLAUGHTERHOUSE: ("屠宰企业", "屠宰场"),
    BusinessKind.WHOLESALE_MARKET: ("大型食品批发市场", "食品批发市场", "批发市场"),
    BusinessKind.FARMERS_MARKET: ("大型农贸市场", "农贸市场"),
    BusinessKind.SUPERMARKET: ("大型超市", "超市"),
    BusinessKind.DISTRIBUTOR: ("规模以上食品流通企业", "食品流通企业", "流通企业"),
    BusinessKind.CATERING: ("餐饮企业", "餐饮服务企业"),
    BusinessKind.CANTEEN: ("团体消费单位", "集体食堂", "单位食堂", "食堂"),
}

# Accepted Chinese names of each product unit; the first is used in templates.
UNIT_NAMES: dict[str, tuple[str, ...]] = {
    Product.Unit.KG: ("千克", "公斤", "kilogram", "kilograms"),
    Product.Unit.PIECE: ("件", "个", "pieces"),
    Product.Unit.HEAD: ("头",),
    Product.Unit.BOX: ("箱", "盒", "boxes"),
    Product.Unit.BOTTLE: ("瓶", "bottles"),
    Product.Unit.LITRE: ("升", "litre", "liter", "litres", "liters"),
}


# Report ---------------------------------------------------------------------------------------------

@dataclass
class RowError:
    row: int  # as the spreadsheet shows it: header 1, first data row 2; 0 for the file as a whole
    column: str  # the header as written in the file; "" when the problem is not one cell's
    message: str


@dataclass
class ImportReport:
    kind: str
    rows: int = 0
    imported: int = 0
    errors: list[RowError] = field(default_factory=list)
    # Business rows imported although their USCC check character fails (flagged for review).
    flagged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, row: int, column: str, message) -> None:
        self.errors.append(RowError(row, column, str(message)))

    def as_dict(self) -> dict:
        """The shape of registry.schemas.ImportReportOut."""
        return {"kind": self.kind, "rows": self.rows, "imported": self.imported,
                "errors": [{"row": e.row, "column": e.column, "message": e.message} for e in self.errors]}


class FileProblem(Exception):
    """The file as a whole cannot be read; reported as one error on row 0."""


# Reading ----------------------------------------------------------------------------------------------

@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, tuple]]  # (spreadsheet row number, cell values), empty rows left out


_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip(_INVISIBLE + " \t\r\n\u3000\xa0"))


def read_table(filename: str, content: bytes) -> Table:
    suffix = Path(filename or "").suffix.lower()
    if suffix == ".xlsx":
        raw_rows = _xlsx_rows(content)
    elif suffix == ".csv":
        raw_rows = _csv_rows(content)
    elif suffix in (".xls", ".et", ".wps"):
        raise FileProblem(_("Old Excel (.xls) files cannot be read. Save the file as .xlsx or CSV and upload "
                            "it again."))
    else:
        raise FileProblem(_("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."))
    headers: list[str] | None = None
    rows: list[tuple[int, tuple]] = []
    try:
        for number, values in raw_rows:
            if headers is None:
                if number != 1 or all(_is_blank(v) for v in values):
                    raise FileProblem(_("The first row must hold the column headers."))
                headers = [_text(v) for v in values]
                continue
            if all(_is_blank(v) for v in values):
                continue
            if len(rows) >= MAX_ROWS:
                raise FileProblem(_("The file has more than %(max)s data rows; split it into smaller files.")
                                  % {"max": f"{MAX_ROWS:,}"})
            rows.append((number, tuple(values)))
    except FileProblem:
        raise
    except Exception as exc:  # a malformed workbook can fail in many ways inside openpyxl or csv
        raise FileProblem(_("The file could not be read: %(error)s") % {"error": exc}) from exc
    if headers is None:
        raise FileProblem(_("The file is empty."))
    # Trailing blank header cells are formatting, not columns.
    while headers and not headers[-1]:
        headers.pop()
    return Table(headers, rows)


def _xlsx_rows(content: bytes) -> Iterator[tuple[int, tuple]]:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileProblem(_("The file is not an Excel workbook (.xlsx), or it is damaged.")) from exc
    if expanded > MAX_XLSX_UNCOMPRESSED:
        raise FileProblem(_("The workbook is too large once unpacked; split it into smaller files."))
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises KeyError, TypeError, ... for broken parts
        raise FileProblem(_("The file is not an Excel workbook (.xlsx), or it is damaged.")) from exc
    return _sheet_rows(workbook)


def _sheet_rows(workbook) -> Iterator[tuple[int, tuple]]:
    try:
        if not workbook.worksheets:
            raise FileProblem(_("The workbook has no worksheet."))
        sheet = workbook.worksheets[0]
        # Some programs write a wrong <dimension>; read-only mode would then cut rows or columns off.
        sheet.reset_dimensions()
        # Read-only sheets fill in missing rows, so the index is the row number Excel shows.
        yield from enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1)
    finally:
        workbook.close()


def _csv_rows(content: bytes) -> Iterator[tuple[int, tuple]]:
    if content.startswith(b"PK\x03\x04"):
        raise FileProblem(_("This is an Excel workbook, not a CSV file; name it .xlsx and upload it again."))
    if content.startswith(codecs.BOM_UTF8):
        content = content[len(codecs.BOM_UTF8):]
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        # Chinese Excel saves "CSV (逗号分隔)" in the system code page (GBK, a subset of GB18030).
        try:
            text = content.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise FileProblem(_("The CSV file is neither UTF-8 nor GB18030 (GBK) text.")) from exc
    if "\x00" in text:
        raise FileProblem(_("The CSV file contains binary data; save it again as CSV (UTF-8)."))
    reader = csv.reader(io.StringIO(text, newline=""))
    # One record is one spreadsheet row, even when a quoted cell spans several lines.
    for number, values in enumerate(reader, start=1):
        yield number, tuple(values[:MAX_COLUMNS])


# Cell values ------------------------------------------------------------------------------------------

def _text(value) -> str:
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
    return unicodedata.normalize("NFC", str(value)).strip(_INVISIBLE + " \t\r\n\u3000\xa0")


_SCIENTIFIC = re.compile(r"^\d(\.\d+)?[eE]\+\d+$")  # how Excel writes 6.90123E+12


def _code_text(value, row: _Row, key: str) -> str | None:
    """A code cell (USCC, GTIN) as text, or None after reporting a code that Excel has mangled."""
    if isinstance(value, float) and abs(value) >= 1e15:
        # Excel keeps 15 significant digits: an 18-digit USCC typed as a number has lost its end.
        row.error(key, _("Excel stored this code as a number and kept only its first 15 digits. Format the "
                         "column as text and type the code again."))
        return None
    text = _text(value)
    if _SCIENTIFIC.match(text):
        row.error(key, _("“%(value)s” is a shortened number (scientific notation), not the code. Format "
                         "the column as text and type the code again.") % {"value": text})
        return None
    return text


_DATE_FORMS = (
    # 2026-01-31, 2026/1/31, 2026.1.31, 2026年1月31日; a time after the date (Excel CSV exports) is ignored.
    re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
               r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def _date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if isinstance(value, int) or value.is_integer():
            digits = str(int(value))
            if len(digits) == 8:  # 20260131 typed as a number
                return _date(digits)
        if 1 <= value < 2958466:  # a date serial in a cell formatted as a number
            from openpyxl.utils.datetime import from_excel

            return from_excel(value).date()
        return None
    text = _text(value)
    for form in _DATE_FORMS:
        match = form.match(text)
        if match:
            try:
                return date(*(int(part) for part in match.groups()))
            except ValueError:
                return None
    return None


def _decimal(text: str) -> Decimal | None:
    try:
        number = Decimal(text.replace("°", "").strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _key(text: str) -> str:
    """Matching form of a header or a named value: no spaces, no trailing *, case-folded."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", text).rstrip("*").casefold()


# Rows -----------------------------------------------------------------------------------------------

class _Row:
    """One data row: its cells by column key, and errors reported against the file's headers."""

    def __init__(self, number: int, values: dict, headers: dict[str, str], report: ImportReport):
        self.number = number
        self.values = values
        self.headers = headers
        self.report = report
        self.failed = False

    def raw(self, key: str):
        return self.values.get(key)

    def text(self, key: str) -> str:
        return _text(self.values.get(key))

    def error(self, key: str, message) -> None:
        self.failed = True
        self.report.add(self.number, self.headers.get(key, ""), message)

    def required(self, key: str) -> str:
        value = self.text(key)
        if not value:
            self.error(key, _("This cell must not be empty."))
        return value

    def bounded(self, key: str, max_length: int, required: bool = False) -> str:
        value = self.required(key) if required else self.text(key)
        if len(value) > max_length:
            self.error(key, _("At most %(max)s characters, this cell has %(length)s.")
                       % {"max": max_length, "length": len(value)})
        return value


def _match_headers(kind: str, table: Table, report: ImportReport) -> dict[str, int] | None:
    """Column key -> position in the file, or None after reporting header problems on row 1."""
    columns = COLUMNS[kind]
    accepted = {}
    for column in columns:
        accepted[_key(column.header)] = column
        accepted[_key(column.key)] = column
    positions: dict[str, int] = {}
    unknown = []
    for index, header in enumerate(table.headers):
        if not header:
            continue
        column = accepted.get(_key(header))
        if column is None:
            unknown.append(header)
        elif column.key in positions:
            report.add(1, header, _("The column “%(header)s” appears more than once.") % {"header": header})
        else:
            positions[column.key] = index
    expected = "、".join(c.template_header for c in columns)
    for header in unknown:
        report.add(1, header, _("Unknown column “%(header)s”. The columns for %(kind)s are: %(columns)s.")
                   % {"header": header, "kind": str(KIND_LABELS[kind]).lower(), "columns": expected})
    for column in columns:
        if column.required and column.key not in positions:
            report.add(1, column.header, _("The required column “%(header)s” is missing.")
                       % {"header": column.template_header})
    return None if report.errors else positions


def _rows(table: Table, positions: dict[str, int], report: ImportReport) -> list[_Row]:
    headers = {key: table.headers[index] for key, index in positions.items()}
    rows = []
    for number, values in table.rows:
        cells = {key: values[index] if index < len(values) else None for key, index in positions.items()}
        rows.append(_Row(number, cells, headers, report))
    return rows


def _in_chunks(values: Iterable) -> Iterator[list]:
    values = sorted(set(values))
    for start in range(0, len(values), IN_CHUNK):
        yield values[start:start + IN_CHUNK]


def _existing(queryset, field_name: str, values: Iterable) -> set:
    """Which of ``values`` the queryset already holds in ``field_name`` (one query per chunk)."""
    found = set()
    for chunk in _in_chunks(values):
        found.update(queryset.filter(**{f"{field_name}__in": chunk}).values_list(field_name, flat=True))
    return found


def _report_duplicates(rows_keys: list[tuple[_Row, str, str]], message) -> None:
    """Report the second and later rows holding the same key, naming the first row."""
    first: dict[str, int] = {}
    for row, column_key, value in rows_keys:
        if value in first:
            row.error(column_key, message % {"value": value, "row": first[value]})
        else:
            first[value] = row.number


def _business_lookup(actor, usccs: Iterable[str]) -> dict[str, tuple[int, str, str]]:
    """USCC -> (business id, district code, district name) for businesses the actor may see."""
    found = {}
    visible = Business.objects.restrict(actor)
    for chunk in _in_chunks(usccs):
        for uscc, pk, district_id, district_name in visible.filter(uscc__in=chunk).values_list(
                "uscc", "pk", "district_id", "district__name"):
            found[uscc] = (pk, district_id, district_name)
    return found


def _uscc(row: _Row) -> tuple[str, bool] | None:
    """The row's USCC, normalised, with whether its check character is right."""
    if not row.required("uscc"):
        return None
    text = _code_text(row.raw("uscc"), row, "uscc")
    if text is None:
        return None
    try:
        info = parse_uscc(text)
    except IdentifierError as exc:
        row.error("uscc", localized(exc))
        return None
    return info.code, info.check_ok


def _business_of(row: _Row, uscc: str | None, businesses: dict) -> tuple[int, str, str] | None:
    if uscc is None:
        return None
    business = businesses.get(uscc)
    if business is None:
        row.error("uscc", _("No business with the USCC %(uscc)s is registered in your area.")
                  % {"uscc": uscc})
    return business


# Businesses -------------------------------------------------------------------------------------------

def _named_values(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    return {_key(name): code for code, name in pairs if name}


def _business_kinds() -> dict[str, str]:
    pairs = [(kind.value, kind.value) for kind in BusinessKind]
    pairs += [(code, name) for code, names in BUSINESS_KIND_NAMES.items() for name in names]
    with translation.override("en"):
        pairs += [(kind.value, str(kind.label)) for kind in BusinessKind]
    pairs += [(kind.value, str(kind.label)) for kind in BusinessKind]  # the active language's labels
    return _named_values(pairs)


def _districts() -> tuple[dict[str, Region], set[str]]:
    """Accepted district names and codes -> Region; and the codes of cities (a common wrong answer)."""
    regions = list(Region.objects.select_related("city"))
    by_name: dict[str, Region] = {}
    for region in regions:
        if region.level != Region.Level.DISTRICT:
            continue
        for name in (region.code, region.name, region.name_en, f"{region.city.name}{region.name}"):
            if name:
                by_name[_key(name)] = region
    cities = {r.code for r in regions if r.level == Region.Level.CITY}
    return by_name, cities


def _coordinate(row: _Row, key: str, limit: int) -> Decimal | None:
    text = row.text(key)
    if not text:
        return None
    number = _decimal(text)
    if number is None:
        row.error(key, _("“%(value)s” is not a number.") % {"value": text})
        return None
    if not -limit <= number <= limit:
        row.error(key, _("“%(value)s” is out of range: it must be between -%(limit)s and %(limit)s.")
                  % {"value": text, "limit": limit})
        return None
    # The model keeps 6 decimal places (about 0.1 m); more is noise from a map tool.
    return number.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)


def _check_businesses(actor, rows: list[_Row]) -> list[tuple[_Row, Business]]:
    kinds = _business_kinds()
    districts, cities = _districts()
    scope = scope_of(actor)
    parsed = []
    for row in rows:
        uscc = _uscc(row)
        name = row.bounded("name", 200, required=True)
        kind_text = row.required("kind")
        kind = kinds.get(_key(kind_text)) if kind_text else None
        if kind_text and kind is None:
            choices = "、".join(names[0] for names in BUSINESS_KIND_NAMES.values())
            row.error("kind", _("Unknown business kind “%(value)s”. Use one of: %(choices)s.")
                      % {"value": kind_text, "choices": choices})
        district_text = row.required("district")
        district = districts.get(_key(district_text)) if district_text else None
        if district_text and district is None:
            if district_text in cities:
                row.error("district", _("Choose a district or county, not the city."))
            else:
                row.error("district", _("Unknown district or county “%(value)s”; give its name or 6-digit "
                                        "code.") % {"value": district_text})
        elif district is not None and not scope.allows_district(district.code, district.city_id):
            row.error("district", _("%(district)s is outside your area.") % {"district": district})
        latitude = _coordinate(row, "latitude", 90)
        longitude = _coordinate(row, "longitude", 180)
        if bool(row.text("latitude")) != bool(row.text("longitude")):
            # Name the empty cell, or the filled one when the file lacks the other column altogether.
            empty, filled = ("longitude", "latitude") if row.text("latitude") else ("latitude", "longitude")
            row.error(empty if empty in row.headers else filled,
                      _("Give both latitude and longitude, or neither."))
        fields = {
            "address": row.bounded("address", 300),
            "legal_representative": row.bounded("legal_representative", 100),
            "contact_name": row.bounded("contact_name", 100),
            "contact_phone": row.bounded("contact_phone", 50),
        }
        business = None
        if not row.failed:
            business = Business(uscc=uscc[0], uscc_check_ok=uscc[1], name=name, kind=kind,
                                district_id=district.code, latitude=latitude, longitude=longitude, **fields)
        parsed.append((row, uscc[0] if uscc else None, business))
    # Duplicates are checked on every readable key, also of rows with other problems: all errors at once.
    keyed = [(row, "uscc", uscc) for row, uscc, _business in parsed if uscc]
    _report_duplicates(keyed, _("The USCC %(value)s is already in row %(row)s of this file."))
    registered = _existing(Business.objects.all(), "uscc", [uscc for _row, _col, uscc in keyed])
    for row, column_key, uscc in keyed:
        if uscc in registered:
            row.error(column_key, _("A business with the USCC %(uscc)s is already registered.")
                      % {"uscc": uscc})
    return [(row, business) for row, _uscc, business in parsed if business is not None and not row.failed]


# Licences ---------------------------------------------------------------------------------------------

def _check_licences(actor, rows: list[_Row]) -> list[tuple[_Row, Licence]]:
    usccs = {row: _uscc(row) for row in rows}
    businesses = _business_lookup(actor, {u[0] for u in usccs.values() if u})
    parsed = []
    for row in rows:
        uscc = usccs[row]
        business = _business_of(row, uscc[0] if uscc else None, businesses)
        number = None
        if row.required("number"):
            try:
                number = parse_licence_number(row.text("number"))
            except IdentifierError as exc:
                row.error("number", localized(exc))
        if number is not None and business is not None and number.area_code != business[1]:
            row.error("number", _("The licence's area code %(area)s does not match the business's district "
                                  "%(district)s.") % {"area": number.area_code,
                                                      "district": f"{business[2]} ({business[1]})"})
        valid = {}
        for key in ("valid_from", "valid_until"):
            if row.required(key):
                valid[key] = _date(row.raw(key))
                if valid[key] is None:
                    row.error(key, _("“%(value)s” is not a date; write it like 2026-01-31.")
                              % {"value": row.text(key)})
        if None not in (valid.get("valid_from"), valid.get("valid_until")) \
                and valid["valid_until"] < valid["valid_from"]:
            row.error("valid_until", _("The end of validity is before its start."))
        scope_text = row.bounded("scope", 2000)
        issued_by = row.bounded("issued_by", 100)
        if number is None:
            parsed.append((row, None, None))
            continue
        licence = None
        if not row.failed:
            licence = Licence(business_id=business[0], kind=number.kind, number=number.number,
                              area_code=number.area_code, scope=scope_text, issued_by=issued_by, **valid)
        parsed.append((row, number.number, licence))
    keyed = [(row, "number", number) for row, number, _licence in parsed if number]
    _report_duplicates(keyed, _("The licence number %(value)s is already in row %(row)s of this file."))
    registered = _existing(Licence.objects.all(), "number", [number for _row, _col, number in keyed])
    for row, column_key, number in keyed:
        if number in registered:
            row.error(column_key, _("The licence number %(number)s is already registered.")
                      % {"number": number})
    return [(row, licence) for row, _number, licence in parsed if licence is not None and not row.failed]


# Products ---------------------------------------------------------------------------------------------

def _categories() -> tuple[dict[str, str], set[str]]:
    """Accepted category codes and names -> code, and the names that mean more than one category."""
    accepted: dict[str, str] = {}
    ambiguous: set[str] = set()
    for code, name, name_en in ProductCategory.objects.values_list("code", "name", "name_en"):
        accepted[_key(code)] = code
        for label in (name, name_en):
            key = _key(label) if label else ""
            if not key or key == _key(code):
                continue
            if key in accepted and accepted[key] != code:
                ambiguous.add(key)
            accepted.setdefault(key, code)
    return accepted, ambiguous


def _units() -> dict[str, str]:
    pairs = [(unit.value, unit.value) for unit in Product.Unit]
    pairs += [(code, name) for code, names in UNIT_NAMES.items() for name in names]
    with translation.override("en"):
        pairs += [(unit.value, str(unit.label)) for unit in Product.Unit]
    pairs += [(unit.value, str(unit.label)) for unit in Product.Unit]
    return _named_values(pairs)


def _gtin(row: _Row) -> str | None:
    raw = row.raw("gtin")
    if _is_blank(raw):
        return None
    text = _code_text(raw, row, "gtin")
    if text is None:
        return None
    if isinstance(raw, int | float) and text.isdigit():
        # A number cell has lost its leading zeros; they do not change a GTIN's check digit.
        text = text.zfill(next((n for n in (8, 12, 13, 14) if len(text) <= n), len(text)))
    try:
        return normalise_gtin(text)
    except IdentifierError as exc:
        row.error("gtin", localized(exc))
        return None


def _shelf_life(row: _Row) -> int | None:
    text = row.text("shelf_life_days")
    if not text:
        return None
    number = _decimal(text)
    if number is None or number != number.to_integral_value() or not 0 <= number <= 36500:
        row.error("shelf_life_days", _("“%(value)s” is not a whole number of days (0 to 36500).")
                  % {"value": text})
        return None
    return int(number)


def _check_products(actor, rows: list[_Row]) -> list[tuple[_Row, Product]]:
    usccs = {row: _uscc(row) for row in rows}
    businesses = _business_lookup(actor, {u[0] for u in usccs.values() if u})
    categories, ambiguous = _categories()
    units = _units()
    parsed = []
    for row in rows:
        uscc = usccs[row]
        business = _business_of(row, uscc[0] if uscc else None, businesses)
        name = row.bounded("name", 200, required=True)
        category_text = row.required("category")
        category = None
        if category_text:
            category = categories.get(_key(category_text))
            if _key(category_text) in ambiguous:
                row.error("category", _("“%(value)s” names more than one category; give the category code "
                                        "instead, e.g. meat.pork.") % {"value": category_text})
            elif category is None:
                row.error("category", _("Unknown product category “%(value)s”; give its name (e.g. 猪肉) or "
                                        "code (e.g. meat.pork).") % {"value": category_text})
        gtin = _gtin(row)
        unit_text = row.text("unit")
        unit = units.get(_key(unit_text)) if unit_text else Product.Unit.KG
        if unit is None:
            row.error("unit", _("Unknown unit “%(value)s”. Use one of: %(choices)s.")
                      % {"value": unit_text, "choices": "、".join(n[0] for n in UNIT_NAMES.values())})
        specification = row.bounded("specification", 100)
        shelf_life = _shelf_life(row)
        product = None
        if not row.failed:
            product = Product(business_id=business[0], name=name, category_id=category, gtin=gtin,
                              specification=specification, unit=unit, shelf_life_days=shelf_life)
        parsed.append((row, gtin, product, uscc[0] if uscc else ""))
    keyed = [(row, "gtin", gtin) for row, gtin, _product, _uscc in parsed if gtin]
    _report_duplicates(keyed, _("The GTIN %(value)s is already in row %(row)s of this file."))
    registered = _existing(Product.objects.all(), "gtin", [gtin for _row, _col, gtin in keyed])
    for row, column_key, gtin in keyed:
        if gtin in registered:
            row.error(column_key, _("A product with the GTIN %(gtin)s is already registered.")
                      % {"gtin": gtin})
    return [(row, product) for row, _gtin, product, _uscc in parsed if product is not None and not row.failed]


CHECKS = {"businesses": _check_businesses, "licences": _check_licences, "products": _check_products}
MODELS = {"businesses": Business, "licences": Licence, "products": Product}


# Writing ----------------------------------------------------------------------------------------------

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
        for chunk in _in_chunks(lic.number for lic in licences):
            ids.update(Licence.objects.filter(number__in=chunk).values_list("number", "pk"))
        for lic in licences:
            lic.pk = ids[lic.number]
    reason = _("Issued by bulk import (%(file)s)") % {"file": filename}
    LicenceStatusChange.objects.bulk_create(
        [LicenceStatusChange(licence_id=lic.pk, to_status=lic.status, reason=reason,
                             actor_name=actor.audit_name) for lic in licences],
        batch_size=BATCH_SIZE)


def _write(actor, kind: str, filename: str, objects: list) -> int:
    model = MODELS[kind]
    with transaction.atomic(), attributed_to(actor):
        created = model.objects.bulk_create(objects, batch_size=BATCH_SIZE)
        if kind == "licences":
            _record_issued(actor, filename, created)
        # bulk_create sends no signals, so this one entry is the audit trail of the whole file.
        keys = [_audit_key(kind, obj) for obj in created[:AUDIT_KEYS]]
        record_bulk(action="import", model=model, count=len(created), detail={"file": filename, "keys": keys})
    return len(created)


# Entry point ------------------------------------------------------------------------------------------

def import_file(*, actor, kind: str, filename: str, content: bytes) -> ImportReport:
    """Check every row of the file and import all of them, or none if anything is wrong."""
    require(actor, PERMISSION)
    if kind not in IMPORT_KINDS:
        raise ValueError(f"unknown import kind {kind!r}")
    report = ImportReport(kind=kind)
    filename = Path(filename or "").name
    if len(content) > MAX_BYTES:
        report.add(0, "", _("The file is larger than %(max)s MB; split it into smaller files.")
                   % {"max": MAX_BYTES // (1024 * 1024)})
        return report
    try:
        table = read_table(filename, content)
    except FileProblem as exc:
        report.add(0, "", str(exc))
        return report
    report.rows = len(table.rows)
    positions = _match_headers(kind, table, report)
    if positions is None:
        return report
    if not table.rows:
        report.add(0, "", _("The file has a header row but no data rows."))
        return report
    rows = _rows(table, positions, report)
    checked = CHECKS[kind](actor, rows)
    if not report.ok:
        order = {header: i for i, header in enumerate(table.headers)}
        report.errors.sort(key=lambda e: (e.row, order.get(e.column, len(order))))
        return report
    objects = [obj for _row, obj in checked]
    try:
        report.imported = _write(actor, kind, filename, objects)
    except IntegrityError:
        # Someone registered one of these keys between the check and the write.
        report.add(0, "", _("Some of these records were registered by someone else while the file was being "
                            "checked; nothing was imported. Upload the file again to see which rows."))
        return report
    if kind == "businesses":
        report.flagged = sum(1 for obj in objects if not obj.uscc_check_ok)
    return report


# Templates --------------------------------------------------------------------------------------------

def _district_choices() -> list[tuple[str, str]]:
    districts = Region.objects.filter(level=Region.Level.DISTRICT).order_by("code")
    return list(districts.values_list("code", "name"))


def _category_choices() -> list[tuple[str, str]]:
    return list(ProductCategory.objects.order_by("code").values_list("code", "name"))


def _column_help(kind: str, column: Column) -> str:
    key = column.key
    if key == "uscc" and kind == "businesses":
        return _("18-character unified social credit code. A code whose check character (the 18th) is wrong "
                 "is imported and flagged for review.")
    if key == "uscc":
        return _("18-character unified social credit code of the business, which must already be registered "
                 "in your area.")
    if key == "kind":
        return _("One of: %(choices)s (or the English code in brackets).") % {"choices": "; ".join(
            f"{'/'.join(names)} ({code})" for code, names in BUSINESS_KIND_NAMES.items())}
    if key == "district":
        return _("Name or 6-digit code of a district or county in your area: %(choices)s.") % {
            "choices": "; ".join(f"{name} ({code})" for code, name in _district_choices())}
    if key == "latitude":
        return _("Decimal degrees, e.g. 28.194100 (between -90 and 90). Give both coordinates or neither.")
    if key == "longitude":
        return _("Decimal degrees, e.g. 112.982300 (between -180 and 180).")
    if key == "number":
        return _("SC (food production) or JY (food business) and 14 digits; the area code inside it must be "
                 "the business's district.")
    if key in ("valid_from", "valid_until"):
        return _("A date, e.g. 2026-01-31 or 2026/1/31. The end may not be before the start.")
    if key == "category":
        return _("Category name or code: %(choices)s.") % {
            "choices": "; ".join(f"{name} ({code})" for code, name in _category_choices())}
    if key == "gtin":
        return _("8, 12, 13 or 14 digits with a valid GS1 check digit; each GTIN once. Keep the column "
                 "formatted as text so leading zeros stay.")
    if key == "unit":
        choices = "; ".join(f"{'/'.join(n for n in names if not n.isascii())} ({code})"
                            for code, names in UNIT_NAMES.items())
        return _("One of: %(choices)s. Empty means kilogram.") % {"choices": choices}
    if key == "shelf_life_days":
        return _("A whole number of days.")
    if key in ("name", "address", "scope", "issued_by", "specification"):
        return _("Free text.")
    return _("Free text; stored encrypted.") if key in (
        "legal_representative", "contact_name", "contact_phone") else ""


def _list_values(kind: str) -> dict[str, list[str]]:
    """Values offered in the template's drop-down lists (typing anything else is still allowed)."""
    if kind == "businesses":
        return {"kind": [names[0] for names in BUSINESS_KIND_NAMES.values()],
                "district": [name for _code, name in _district_choices()]}
    if kind == "products":
        return {"category": [name for _code, name in _category_choices()],
                "unit": [names[0] for names in UNIT_NAMES.values()]}
    return {}


def template_file(kind: str, format: str) -> tuple[bytes, str]:
    """An empty import file with the header row: .xlsx (with an explanation sheet) or UTF-8 CSV."""
    if kind not in IMPORT_KINDS:
        raise ValueError(f"unknown import kind {kind!r}")
    headers = [column.template_header for column in COLUMNS[kind]]
    if format == "csv":
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerow(headers)
        # The BOM makes Excel open the file as UTF-8 instead of the system code page.
        return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8"), CSV_CONTENT_TYPE
    if format != "xlsx":
        raise ValueError(f"unknown template format {format!r}")
    return _xlsx_template(kind, headers), XLSX_CONTENT_TYPE


def _xlsx_template(kind: str, headers: list[str]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    columns = COLUMNS[kind]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(KIND_LABELS[kind])[:31]
    sheet.append(headers)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = bold, fill
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.text:
            # Typed codes stay text: no lost leading zeros, no 9.14E+17.
            sheet.column_dimensions[letter].number_format = "@"
    sheet.freeze_panes = "A2"

    notes = workbook.create_sheet("说明")
    notes.append([_("Column"), _("Required"), _("What to enter")])
    for cell in notes[1]:
        cell.font, cell.fill = bold, fill
    for column in columns:
        required = _("yes") if column.required else _("no")
        notes.append([column.template_header, required, _column_help(kind, column)])
    notes.append([])
    notes.append([_("Headers may be the Chinese names above (with or without *) or the English keys "
                    "(%(keys)s).") % {"keys": ", ".join(c.key for c in columns)}])
    notes.append([_("Data start on row 2 of the first sheet; empty rows are skipped. At most %(rows)s rows "
                    "and %(mb)s MB per file.") % {"rows": f"{MAX_ROWS:,}", "mb": MAX_BYTES // (1024 * 1024)}])
    notes.append([_("A file with any error imports nothing; the report lists every problem by row and "
                    "column.")])
    notes.column_dimensions["A"].width = 20
    notes.column_dimensions["B"].width = 8
    notes.column_dimensions["C"].width = 100
    for row in notes.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    lists = _list_values(kind)
    if lists:
        values_sheet = workbook.create_sheet("lists")
        values_sheet.sheet_state = "hidden"
        keys = [c.key for c in columns]
        for list_index, (key, values) in enumerate(lists.items(), start=1):
            letter = get_column_letter(list_index)
            for row_index, value in enumerate(values, start=1):
                values_sheet.cell(row=row_index, column=list_index, value=value)
            if not values:
                continue
            target = get_column_letter(keys.index(key) + 1)
            # A drop-down that suggests without refusing: codes and other accepted names may still be typed.
            validation = DataValidation(
                type="list", formula1=f"{quote_sheetname('lists')}!${letter}$1:${letter}${len(values)}",
                allow_blank=True, showErrorMessage=False)
            validation.add(f"{target}2:{target}{MAX_ROWS + 1}")
            sheet.add_data_validation(validation)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
