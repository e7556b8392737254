"""The spreadsheet engine (表格引擎): one way to declare, offer, read, check and write a spreadsheet, for every
kind of file the platform takes in (registry imports, ledgers; lab results and checklists next) and every
file it hands out (exports, templates). docs/sheets.md describes it; this package imports no domain.

Declare:   Column, Sheet (and the parsers parse_text, parse_decimal_cell, parse_integer, parse_date_cell)
Offer:     template_download, template_xlsx, template_csv, TemplateDownload
Read:      load (= read + match_rows), read, match_rows, detect_sheet, read_table, Table, Row, CellError
Report:    SheetReport, RowError, Msg, FileProblem, stop_at_limit, TooManyProblems
Cells:     cell_text, cell_date, is_blank, parse_decimal, match_key, named_values
Write:     neutralise, safe_values, csv_bytes, table_xlsx, xlsx_cell, append_row, workbook_bytes
Limits:    current_limits, Limits (settings SHEETS_MAX_*)
"""

from .cells import cell_date, cell_text, is_blank, match_key, named_values, parse_decimal
from .columns import Column, Sheet, detect_sheet, match_headers
from .limits import Limits, current_limits
from .loading import Loaded, load, match_rows, read
from .reading import Table, read_table
from .report import FileProblem, Msg, RowError, SheetReport, TooManyProblems, stop_at_limit
from .rows import CellError, Row, parse_date_cell, parse_decimal_cell, parse_integer, parse_text, rows_of
from .templates import FORMATS, TemplateDownload, template_csv, template_download, template_xlsx
from .writing import (
    CONTENT_TYPES,
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    append_row,
    csv_bytes,
    neutralise,
    safe_values,
    table_xlsx,
    workbook_bytes,
    xlsx_cell,
)

__all__ = [
    "CONTENT_TYPES",
    "CSV_CONTENT_TYPE",
    "FORMATS",
    "XLSX_CONTENT_TYPE",
    "CellError",
    "Column",
    "FileProblem",
    "Limits",
    "Loaded",
    "Msg",
    "Row",
    "RowError",
    "Sheet",
    "SheetReport",
    "Table",
    "TemplateDownload",
    "TooManyProblems",
    "append_row",
    "cell_date",
    "cell_text",
    "csv_bytes",
    "current_limits",
    "detect_sheet",
    "is_blank",
    "load",
    "match_headers",
    "match_key",
    "match_rows",
    "named_values",
    "neutralise",
    "parse_date_cell",
    "parse_decimal",
    "parse_decimal_cell",
    "parse_integer",
    "parse_text",
    "read",
    "read_table",
    "rows_of",
    "safe_values",
    "stop_at_limit",
    "table_xlsx",
    "template_csv",
    "template_download",
    "template_xlsx",
    "workbook_bytes",
    "xlsx_cell",
]
