"""The empty import files offered for download: .xlsx with an explanation sheet and drop-downs, or CSV."""

import codecs
import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from foodtrace.regions.models import Region
from foodtrace.registry.models import ProductCategory

from .columns import BUSINESS_KIND_NAMES, COLUMNS, IMPORT_KINDS, KIND_LABELS, UNIT_NAMES, Column
from .reading import MAX_BYTES, MAX_ROWS

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
TEMPLATE_FORMATS = ("xlsx", "csv")


@dataclass(frozen=True)
class TemplateDownload:
    content: bytes
    content_type: str
    filename: str

    @property
    def headers(self) -> dict[str, str]:
        """The HTTP headers that make a browser save the file under its name."""
        return {"Content-Type": self.content_type,
                "Content-Disposition": f'attachment; filename="{self.filename}"'}


def template_download(kind: str, fmt: str) -> TemplateDownload | None:
    """The template of ``kind`` in format ``fmt`` as a download, or None when there is no such template."""
    if kind not in IMPORT_KINDS or fmt not in TEMPLATE_FORMATS:
        return None
    content, content_type = template_file(kind, fmt)
    return TemplateDownload(content, content_type, f"foodtrace-{kind}-template.{fmt}")


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
