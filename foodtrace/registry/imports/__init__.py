"""Bulk import of businesses, licences and products from .xlsx or .csv (批量导入).

All or nothing: every row of the file is read and checked, every problem is
reported with the row number and column header the person sees in their
spreadsheet, and only a file without a single problem is written — set-based
(``bulk_create``), in one transaction, with one audit entry for the whole file.

Lookups against the database are set-based too: one query per kind of key for
the whole file (chunked only for files larger than a database's bind-parameter
limit), never one per row.

This module is the public API and the entry point, ``import_file``. The work is
done in: ``reading`` (the file into a table), ``columns`` (each kind's columns
and header matching), ``cells`` (one cell's value), ``rows`` (one row and the
checks all kinds share), ``businesses``, ``licences`` and ``products`` (each
kind's row checks), ``lookups`` (set-based queries), ``writing`` (the write and
its audit entry), ``templates`` (the empty files to download) and ``report``.
"""

from pathlib import Path

from django.db import IntegrityError
from django.utils.translation import gettext as _

from foodtrace.registry.services import require

from .businesses import check_businesses
from .cells import cell_date as _date  # the tests check date reading on its own
from .columns import COLUMNS, IMPORT_KINDS, KIND_LABELS, match_headers
from .licences import check_licences
from .products import check_products
from .reading import MAX_BYTES, MAX_ROWS, FileProblem, read_table
from .report import ImportReport
from .rows import rows_of
from .templates import XLSX_CONTENT_TYPE, template_download, template_file
from .writing import write

__all__ = [
    "COLUMNS",
    "IMPORT_KINDS",
    "KIND_LABELS",
    "MAX_BYTES",
    "MAX_ROWS",
    "PERMISSION",
    "XLSX_CONTENT_TYPE",
    "_date",
    "import_file",
    "template_download",
    "template_file",
]

PERMISSION = "registry.import_registry"
CHECKS = {"businesses": check_businesses, "licences": check_licences, "products": check_products}


def import_file(*, actor, kind: str, filename: str, content: bytes) -> ImportReport:
    """Check every row of the file and import all of them, or none if anything is wrong."""
    require(actor, PERMISSION)
    if kind not in IMPORT_KINDS:
        raise ValueError(f"unknown import kind {kind!r}")
    report = ImportReport(kind=kind)
    filename = Path(filename or "").name
    # MAX_BYTES and MAX_ROWS are read from this module when called, so setting them here changes the limits.
    if len(content) > MAX_BYTES:
        report.add(0, "", _("The file is larger than %(max)s MB; split it into smaller files.")
                   % {"max": MAX_BYTES // (1024 * 1024)})
        return report
    try:
        table = read_table(filename, content, max_rows=MAX_ROWS)
    except FileProblem as exc:
        report.add(0, "", str(exc))
        return report
    report.rows = len(table.rows)
    positions = match_headers(kind, table.headers, report)
    if positions is None:
        return report
    if not table.rows:
        report.add(0, "", _("The file has a header row but no data rows."))
        return report
    checked = CHECKS[kind](actor, rows_of(table, positions, report))
    if not report.ok:
        report.sort_errors(table.headers)
        return report
    objects = [obj for _row, obj in checked]
    try:
        report.imported = write(actor, kind, filename, objects)
    except IntegrityError:
        # Someone registered one of these keys between the check and the write.
        report.add(0, "", _("Some of these records were registered by someone else while the file was being "
                            "checked; nothing was imported. Upload the file again to see which rows."))
        return report
    if kind == "businesses":
        report.flagged = sum(1 for obj in objects if not obj.uscc_check_ok)
    return report
