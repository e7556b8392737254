"""Reading an uploaded .xlsx or .csv file into a table of cell values, within the size limits."""

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from .cells import cell_text, is_blank

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
# Far more than any kind needs; bounds the work a sheet with a stray cell in column XFD can cause.
MAX_COLUMNS = 100
# A 50,000-row sheet is a few dozen MB of XML; anything far beyond that is a zip bomb, not a registry.
MAX_XLSX_UNCOMPRESSED = 400 * 1024 * 1024


class FileProblem(Exception):
    """The file as a whole cannot be read; reported as one error on row 0."""


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, tuple]]  # (spreadsheet row number, cell values), empty rows left out


def read_table(filename: str, content: bytes, max_rows: int = MAX_ROWS) -> Table:
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
                if number != 1 or all(is_blank(v) for v in values):
                    raise FileProblem(_("The first row must hold the column headers."))
                headers = [cell_text(v) for v in values]
                continue
            if all(is_blank(v) for v in values):
                continue
            if len(rows) >= max_rows:
                raise FileProblem(_("The file has more than %(max)s data rows; split it into smaller files.")
                                  % {"max": f"{max_rows:,}"})
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
