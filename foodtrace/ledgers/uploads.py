"""A ledger file handed in: read it, check every row, and record all rows as events — or none of them.

The file is read by the sheets engine (the same .xlsx and UTF-8/GB18030 CSV handling and limits as every
import); a file-level problem is reported on row 0. Whatever the outcome, a LedgerUpload row records who
handed in which file (its SM3) from where, and what came of it.
"""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from foodtrace import sheets
from foodtrace.crypto import sm3_hex

from .checks import check_rows
from .columns import KINDS, MAX_ROWS, SHEETS, detect_kind
from .models import LedgerKind, LedgerUpload
from .recording import NO_LOCATION, ledger_business, ledger_location, record_entries, save_upload
from .report import LedgerReport, Msg

__all__ = ["MAX_BYTES", "MAX_ROWS", "ledger_upload"]

MAX_BYTES = 20 * 1024 * 1024


def ledger_upload(*, actor, file_name: str, content: bytes, kind: str | None = None) -> LedgerReport:
    """Check a purchase, sales or certificate ledger file and record it. ``kind`` None: told by the headers."""
    business = ledger_business(actor)
    if kind is not None and kind not in KINDS:
        raise ValueError(f"unknown ledger kind {kind!r}")
    file_name = Path(file_name or "").name
    report = LedgerReport(kind=kind or "")
    sm3 = sm3_hex(content)

    def refuse():
        save_upload(actor, business, report, source=LedgerUpload.Source.FILE, file_name=file_name, sm3=sm3,
                    size=len(content))
        return report

    # Every kind has the same size, so the limits do not wait for the kind to be known.
    table = sheets.read(file_name, content, report, sheet=SHEETS[kind or LedgerKind.PURCHASES],
                        max_rows=MAX_ROWS, max_bytes=MAX_BYTES)
    if table is None:
        return refuse()
    if not report.kind:
        report.kind = detect_kind(table.headers) or ""
        if not report.kind:
            report.add(1, "", Msg(_("The headers are not those of a purchase, sales or certificate ledger; "
                                    "start from a template.")))
            return refuse()
    rows = sheets.match_rows(SHEETS[report.kind], table, report)
    if rows is None:
        return refuse()
    location = ledger_location(business)
    entries = []
    with sheets.stop_at_limit():  # a file with more problems than the limit: checking stops, nothing recorded
        if location is None:
            report.add(0, "", Msg(NO_LOCATION))
        entries = check_rows(report.kind, business, rows)
    if not report.ok:
        report.sort_errors(table.headers)
        return refuse()
    record_entries(actor, business, location, entries, report, source=LedgerUpload.Source.FILE,
                   file_name=file_name, sm3=sm3, size=len(content))
    return report
