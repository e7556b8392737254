"""Reading an uploaded .xlsx or .csv file into a table of cell values, within the limits.

.xlsx: checked whole before parsing (``workbooks``), then streamed by openpyxl in read-only mode, the first
sheet only, cached values rather than formulas. CSV: UTF-8 with or without a byte-order mark, or GB18030
(what Chinese Excel's "CSV (逗号分隔)" writes). Both stop at the row and cell limits while reading.
"""

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from .cells import cell_text, is_blank
from .limits import Limits, current_limits
from .report import FileProblem, Msg
from .workbooks import DAMAGED, check_workbook


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, tuple]]  # (spreadsheet row number, cell values), empty rows left out


def too_large(max_bytes: int) -> Msg:
    return Msg(_("The file is larger than %(max)s MB; split it into smaller files."), max=max_bytes // (1024 * 1024))


def read_table(filename: str, content: bytes, max_rows: int = 50_000, *, max_cells: int | None = None,
               limits: Limits | None = None) -> Table:
    """The file's header row and non-empty data rows; FileProblem when it cannot or may not be read."""
    limits = limits or current_limits()
    max_cells = limits.cells if max_cells is None else max_cells
    if len(content) > limits.upload_bytes:
        raise FileProblem(too_large(limits.upload_bytes))
    suffix = Path(filename or "").suffix.lower()
    if suffix == ".xlsx":
        raw_rows = _xlsx_rows(content, max_rows, max_cells, limits)
    elif suffix == ".csv":
        raw_rows = _csv_rows(content, limits)
    elif suffix in (".xls", ".et", ".wps"):
        raise FileProblem(_("Old Excel (.xls) files cannot be read. Save the file as .xlsx or CSV and upload it "
                            "again."))
    else:
        raise FileProblem(_("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."))
    # Rows read at all, empty ones included: a sheet of blank lines is no cheaper to walk than one of data.
    max_read = 2 * max_rows + 1000
    headers: list[str] | None = None
    rows: list[tuple[int, tuple]] = []
    cells = 0
    try:
        for number, values in raw_rows:
            if number > max_read or (len(rows) >= max_rows and not all(is_blank(v) for v in values)):
                raise FileProblem(Msg(_("The file has more than %(max)s data rows; split it into smaller files."),
                                      max=f"{max_rows:,}"))
            # Cells up to the last one holding something (openpyxl pads rows with None to the column limit).
            filled = len(values)
            while filled and values[filled - 1] is None:
                filled -= 1
            cells += filled
            if cells > max_cells:
                raise FileProblem(Msg(_("The sheet has more than %(max)s cells, more than this kind of file can "
                                        "need: copy just the data into the template, or split it into smaller "
                                        "files."), max=f"{max_cells:,}"))
            values = values[:limits.columns]
            if headers is None:
                if number != 1 or all(is_blank(v) for v in values):
                    raise FileProblem(_("The first row must hold the column headers."))
                headers = [cell_text(v) for v in values]
                continue
            if all(is_blank(v) for v in values):
                continue
            rows.append((number, tuple(values)))
    except FileProblem:
        raise
    except Exception as exc:  # a malformed workbook can fail in many ways inside openpyxl or csv
        raise FileProblem(Msg(_("The file could not be read: %(error)s"), error=str(exc))) from exc
    if headers is None:
        raise FileProblem(_("The file is empty."))
    # Trailing blank header cells are formatting, not columns.
    while headers and not headers[-1]:
        headers.pop()
    return Table(headers, rows)


def _xlsx_rows(content: bytes, max_rows: int, max_cells: int, limits: Limits) -> Iterator[tuple[int, tuple]]:
    import openpyxl

    check_workbook(content, max_rows=max_rows, max_cells=max_cells, limits=limits)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises KeyError, TypeError, ... for broken parts
        raise FileProblem(DAMAGED) from exc
    return _sheet_rows(workbook, limits.columns)


def _sheet_rows(workbook, max_columns: int) -> Iterator[tuple[int, tuple]]:
    try:
        if not workbook.worksheets:
            raise FileProblem(_("The workbook has no worksheet."))
        sheet = workbook.worksheets[0]
        # Some programs write a wrong <dimension>; read-only mode would then cut rows or columns off.
        sheet.reset_dimensions()
        # Read-only sheets fill in missing rows, so the index is the row number Excel shows.
        yield from enumerate(sheet.iter_rows(values_only=True, max_col=max_columns), start=1)
    finally:
        workbook.close()


def _csv_rows(content: bytes, limits: Limits) -> Iterator[tuple[int, tuple]]:
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
    yield from enumerate(reader, start=1)
