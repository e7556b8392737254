"""A file handed in, as far as every kind of import shares it: read within the limits, headers matched, rows
ready to check. File-level problems go on row 0, header problems on row 1, into the caller's report."""

from dataclasses import dataclass, replace

from django.utils.translation import gettext_lazy as _

from .columns import Sheet, match_headers
from .limits import current_limits
from .reading import Table, read_table, too_large
from .report import FileProblem, Msg, SheetReport, stop_at_limit
from .rows import Row, rows_of


@dataclass
class Loaded:
    table: Table
    rows: list[Row]


def read(filename: str, content: bytes, report: SheetReport, *, sheet: Sheet, max_rows: int | None = None,
         max_bytes: int | None = None) -> Table | None:
    """The file as a table, or None after reporting why it cannot be read (on row 0). ``sheet`` sizes the
    limits (its rows and columns); ``max_rows`` overrides the sheet's; ``max_bytes`` lowers the setting's."""
    limits = current_limits()
    if max_bytes is not None:
        limits = replace(limits, upload_bytes=min(max_bytes, limits.upload_bytes))
    if len(content) > limits.upload_bytes:
        report.add(0, "", too_large(limits.upload_bytes))
        return None
    max_rows = sheet.max_rows if max_rows is None else max_rows
    try:
        table = read_table(filename, content, max_rows, max_cells=replace(sheet, max_rows=max_rows).max_cells(limits),
                           limits=limits)
    except FileProblem as exc:
        report.add(0, "", exc.msg)
        return None
    report.rows = len(table.rows)
    return table


def match_rows(sheet: Sheet, table: Table, report: SheetReport) -> list[Row] | None:
    """The table's rows by column key, or None after reporting header problems (row 1) or no data rows."""
    positions = None
    with stop_at_limit():
        positions = match_headers(sheet, table.headers, report)
    if positions is None or not report.ok:
        return None
    if not table.rows:
        report.add(0, "", Msg(_("The file has a header row but no data rows.")))
        return None
    return rows_of(table, positions, report, sheet)


def load(sheet: Sheet, filename: str, content: bytes, report: SheetReport, *, max_rows: int | None = None,
         max_bytes: int | None = None) -> Loaded | None:
    """Read, match the headers (``read`` then ``match_rows``) and return the rows to check; None when the
    report already says why not."""
    table = read(filename, content, report, sheet=sheet, max_rows=max_rows, max_bytes=max_bytes)
    if table is None:
        return None
    found = match_rows(sheet, table, report)
    return None if found is None else Loaded(table, found)
