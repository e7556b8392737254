"""Bulk import of businesses, licences and products from .xlsx or .csv (批量导入).

All or nothing: every row of the file is read and checked, every problem is
reported with the row number and column header the person sees in their
spreadsheet, and only a file without a single problem is written — set-based
(``bulk_create``), in one transaction, with one audit entry for the whole file.

Lookups against the database are set-based too: one query per kind of key for
the whole file (chunked only for files larger than a database's bind-parameter
limit), never one per row.

This module is the public API and the entry point, ``registry_import``. Reading the
file, its limits, header matching, rows, cells, row errors and templates are the
sheets engine's (``foodtrace.sheets``, docs/sheets.md). Here: ``columns`` (each
kind's columns and accepted names), ``rows`` (the checks all kinds share),
``businesses``, ``licences`` and ``products`` (each kind's row checks),
``lookups`` (set-based queries), ``writing`` (the write and its audit entry),
``templates`` (each column's help) and ``report``.
"""

from pathlib import Path

from django.db import IntegrityError
from django.utils.translation import gettext as _

from foodtrace.accounts.principals import require
from foodtrace.sheets import cell_date as _date  # the tests check date reading on its own
from foodtrace.sheets import load, stop_at_limit

from .businesses import check_businesses
from .columns import COLUMNS, IMPORT_KINDS, KIND_LABELS, MAX_ROWS, SHEETS
from .licences import check_licences
from .products import check_products
from .report import ImportReport
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
    "registry_import",
    "template_download",
    "template_file",
]

PERMISSION = "registry.import_registry"
MAX_BYTES = 20 * 1024 * 1024
CHECKS = {"businesses": check_businesses, "licences": check_licences, "products": check_products}


def registry_import(*, actor, kind: str, filename: str, content: bytes) -> ImportReport:
    """Check every row of the file and import all of them, or none if anything is wrong."""
    require(actor, PERMISSION)
    if kind not in IMPORT_KINDS:
        raise ValueError(f"unknown import kind {kind!r}")
    report = ImportReport(kind=kind)
    filename = Path(filename or "").name
    # MAX_BYTES and MAX_ROWS are read from this module when called, so setting them here changes the limits.
    loaded = load(SHEETS[kind], filename, content, report, max_rows=MAX_ROWS, max_bytes=MAX_BYTES)
    if loaded is None:
        return report
    checked = []
    with stop_at_limit():  # a file with more problems than the limit: checking stops, nothing is written
        checked = CHECKS[kind](actor, loaded.rows)
    if not report.ok:
        report.sort_errors(loaded.table.headers)
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
