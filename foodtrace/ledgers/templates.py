"""The empty ledger files offered for download: .xlsx (with a 说明 sheet in Chinese and English and a unit
drop-down) or a UTF-8 CSV holding just the header row."""

import codecs
import csv
import io
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from foodtrace.registry.imports.templates import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE

from .columns import COLUMNS, KINDS, Column
from .models import LedgerKind
from .units import UNIT_CHOICES, unit_table
from .uploads import MAX_BYTES, MAX_ROWS

FORMATS = ("xlsx", "csv")

HELP = {
    "time": _("Date and time, e.g. 2026-03-01 08:30 (China time). A date alone means 00:00 that day."),
    "party_uscc": _("The other party's 18-character unified social credit code (统一社会信用代码). Format the "
                    "column as text."),
    "party_name": _("The other party's name as on its licence."),
    "product": _("The GTIN (barcode, 8-14 digits) or the name of a product registered to your business."),
    "lot": _("The maker's batch number (needs a GTIN), or the platform lot code T and 15 letters or digits from "
             "the label. Empty: recorded for the product as a whole (only for products with a GTIN)."),
    "quantity": _("A number greater than 0, e.g. 12.5."),
    "unit": _("千克/公斤/kg, 斤 (recorded as kg × 0.5), 克/g, 吨, 升, 毫升, 个/件, 箱/盒, 袋/包, 瓶, or a UN/ECE "
              "Rec. 20 code from the unit table below."),
    "quarantine_cert": _("Number of the animal or plant quarantine certificate (检疫证明). Several numbers: "
                         "separate them with ; or 、."),
    "invoice": _("Invoice number (发票号). Several numbers: separate them with ; or 、."),
    "inspection_report": _("Number of the inspection or test report (检验报告). Several numbers: separate them "
                           "with ; or 、."),
}

NOTES = (
    _("Headers may be the Chinese names (with or without *) or the English names of this sheet."),
    _("Data start on row 2 of the first sheet; empty rows are skipped. At most %(rows)s rows and %(mb)s MB "
      "per file; CSV in UTF-8 or GB18030 (GBK)."),
    _("A file with any error records nothing; the answer lists every problem by row and column. Uploading the "
      "same rows again does not record them twice."),
    _("Each row becomes one EPCIS 2.0 event at your business's first active location."),
)


@dataclass(frozen=True)
class TemplateDownload:
    content: bytes
    content_type: str
    filename: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Content-Type": self.content_type,
                "Content-Disposition": f'attachment; filename="{self.filename}"'}


def template_download(kind: str, fmt: str) -> TemplateDownload | None:
    """The template of ``kind`` in format ``fmt``, or None when there is no such template."""
    if kind not in KINDS or fmt not in FORMATS:
        return None
    headers = [column.template_header for column in COLUMNS[kind]]
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerow(headers)
        # The BOM makes Excel open the file as UTF-8 instead of the system code page.
        content, content_type = codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8"), CSV_CONTENT_TYPE
    else:
        content, content_type = _xlsx(kind, headers), XLSX_CONTENT_TYPE
    return TemplateDownload(content, content_type, f"foodtrace-ledger-{kind}.{fmt}")


def _both(text, **params) -> tuple[str, str]:
    out = []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            out.append(str(text) % params if params else str(text))
    return out[0], out[1]


def _kind_labels(kind: str) -> tuple[str, str]:
    return _both(LedgerKind(kind).label)


def _notes_sheet(workbook, kind: str, columns: tuple[Column, ...], bold, fill) -> None:
    from openpyxl.styles import Alignment

    notes = workbook.create_sheet("说明")
    zh, en = _kind_labels(kind)
    notes.append([f"{zh} · {en}"])
    notes["A1"].font = bold
    notes.append(["列名", "English", "必填 Required", "填写说明", "What to enter"])
    for cell in notes[2]:
        cell.font, cell.fill = bold, fill
    for column in columns:
        help_zh, help_en = _both(HELP[column.key])
        notes.append([column.template_header, column.english, "是 yes" if column.required else "否 no",
                      help_zh, help_en])
    notes.append([])
    for note in NOTES:
        notes.append(list(_both(note, rows=f"{MAX_ROWS:,}", mb=MAX_BYTES // (1024 * 1024))))
    notes.append([])
    notes.append(["单位 Unit", "UN/ECE Rec. 20", "English"])
    for cell in notes[notes.max_row]:
        cell.font, cell.fill = bold, fill
    for names, code, english in unit_table():
        notes.append([names, code, english])
    for letter, width in zip("ABCDE", (24, 22, 14, 60, 60), strict=True):
        notes.column_dimensions[letter].width = width
    for row in notes.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _xlsx(kind: str, headers: list[str]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    columns = COLUMNS[kind]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _kind_labels(kind)[0][:31]
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
        elif column.key == "time":
            sheet.column_dimensions[letter].number_format = "yyyy-mm-dd hh:mm"
    sheet.freeze_panes = "A2"
    _notes_sheet(workbook, kind, columns, bold, fill)

    lists = workbook.create_sheet("lists")
    lists.sheet_state = "hidden"
    for row_index, (name, _label) in enumerate(UNIT_CHOICES, start=1):
        lists.cell(row=row_index, column=1, value=name)
    target = get_column_letter([c.key for c in columns].index("unit") + 1)
    # A drop-down that suggests without refusing: other accepted spellings and codes may still be typed.
    validation = DataValidation(type="list", formula1=f"{quote_sheetname('lists')}!$A$1:$A${len(UNIT_CHOICES)}",
                                allow_blank=True, showErrorMessage=False)
    validation.add(f"{target}2:{target}{MAX_ROWS + 1}")
    sheet.add_data_validation(validation)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
