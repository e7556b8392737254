"""Every CSV and .xlsx the platform hands out is written through here, so that no cell is ever a formula.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is what Excel, WPS and
LibreOffice run as a formula when they open a CSV (and what openpyxl writes as a formula into an .xlsx): a
product name such as ``=HYPERLINK("http://…","点击")`` chosen by a business would become a live link or a
command in a regulator's spreadsheet. Such text is written with a leading apostrophe — the OWASP advice on
CSV injection — and .xlsx cells holding text are string cells (data type "s"), never formulas. What is stored
in the database is the text as typed; only what leaves the platform is neutralised.
"""

import codecs
import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The value as it may be written to a spreadsheet: text that a spreadsheet would run as a formula gets a
    leading apostrophe; everything else is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_values(values: Iterable) -> list:
    return [neutralise(value) for value in values]


def csv_bytes(rows: Iterable[Sequence], *, bom: bool = True) -> bytes:
    """RFC 4180 CSV (CRLF line ends) in UTF-8, with a byte-order mark so that Excel reads Chinese correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v.isoformat() if isinstance(v, date | datetime) else v
                         for v in safe_values(row)])
    text = out.getvalue().encode("utf-8")
    return codecs.BOM_UTF8 + text if bom else text


def _as_text(cell) -> None:
    if isinstance(cell.value, str):
        cell.data_type = "s"  # never "f": text is text, whatever it starts with


def xlsx_cell(sheet, value, **style):
    """A cell for a write-only sheet (``Workbook(write_only=True)``), neutralised, with ``style`` attributes
    (font, fill, alignment, number_format …) set."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=neutralise(value))
    _as_text(cell)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def append_row(sheet, values: Iterable) -> None:
    """Append a row of values to any worksheet (write-only or not), neutralised, text as string cells."""
    from openpyxl.cell import WriteOnlyCell

    if type(sheet).__name__ == "WriteOnlyWorksheet":
        sheet.append([value if isinstance(value, WriteOnlyCell) else xlsx_cell(sheet, value) for value in values])
        return
    sheet.append(safe_values(values))
    for cell in sheet[sheet.max_row]:
        _as_text(cell)


def workbook_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_xlsx(title: str, header: Sequence[str], rows: Iterable[Sequence], *, widths: dict[int, int] | None = None,
               default_width: int = 20, number_formats: dict[int, str] | None = None,
               extra_sheets: Iterable[tuple[str, Iterable[Sequence]]] = ()) -> bytes:
    """A workbook of one table (bold header frozen, autofilter on, each column's width and number format by
    1-based position) and, after it, sheets of plain lines (e.g. what the table holds). Written streaming."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    rows = list(rows)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(1, len(header)))}{max(1, len(rows) + 1)}"
    for index in range(1, len(header) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = (widths or {}).get(index, default_width)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBE4")
    wrap = Alignment(wrap_text=True, vertical="top")
    sheet.append([xlsx_cell(sheet, title_, font=bold, fill=fill, alignment=wrap) for title_ in header])
    formats = number_formats or {}
    for row in rows:
        sheet.append([xlsx_cell(sheet, value, number_format=formats[index]) if index in formats
                      else xlsx_cell(sheet, value) for index, value in enumerate(row, start=1)])
    for name, lines in extra_sheets:
        extra = workbook.create_sheet(name[:31])
        for line in lines:
            extra.append([xlsx_cell(extra, value) for value in line])
    return workbook_bytes(workbook)
