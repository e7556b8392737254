"""A ledger file handed in: read it, check every row, and record all rows as events — or none of them.

The file is read by the registry import's reader (the same .xlsx and UTF-8/GB18030 CSV handling and
limits); a file-level problem is reported on row 0. Whatever the outcome, a LedgerUpload row records who
handed in which file (its SM3) from where, and what came of it.
"""

from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from foodtrace.crypto import sm3_hex
from foodtrace.registry.imports.reading import FileProblem, read_table

from .checks import check_rows
from .columns import KINDS, detect_kind, match_headers
from .models import LedgerUpload
from .recording import NO_LOCATION, ledger_business, ledger_location, record_entries, save_upload
from .report import LedgerReport, Msg
from .rows import rows_of

MAX_BYTES = 20 * 1024 * 1024
# Each row is one event of a single capture transaction; a year of a busy stall's ledger fits.
MAX_ROWS = 20_000


def _read(file_name: str, content: bytes, report: LedgerReport):
    try:
        return read_table(file_name, content, max_rows=MAX_ROWS)
    except FileProblem:
        pass
    # The reader words its problem in the active language; read once more in each to keep both.
    texts = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            try:
                read_table(file_name, content, max_rows=MAX_ROWS)
            except FileProblem as exc:
                texts[language] = str(exc)
    report.add(0, "", Msg(zh=texts.get("zh-hans", ""), en=texts.get("en", "")))
    return None


def upload_file(*, actor, file_name: str, content: bytes, kind: str | None = None) -> LedgerReport:
    """Check a purchase, sales or certificate ledger file and record it. ``kind`` None: told by the headers."""
    business = ledger_business(actor)
    if kind is not None and kind not in KINDS:
        raise ValueError(f"unknown ledger kind {kind!r}")
    file_name = Path(file_name or "").name
    report = LedgerReport(kind=kind or "")
    sm3 = sm3_hex(content)

    def refuse():
        return save_upload(actor, business, report, source=LedgerUpload.Source.FILE, file_name=file_name, sm3=sm3,
                           size=len(content))

    if len(content) > MAX_BYTES:
        report.add(0, "", Msg(_("The file is larger than %(max)s MB; split it into smaller files."),
                              max=MAX_BYTES // (1024 * 1024)))
        refuse()
        return report
    table = _read(file_name, content, report)
    if table is None:
        refuse()
        return report
    report.rows = len(table.rows)
    if not report.kind:
        report.kind = detect_kind(table.headers) or ""
        if not report.kind:
            report.add(1, "", Msg(_("The headers are not those of a purchase, sales or certificate ledger; "
                                    "start from a template.")))
            refuse()
            return report
    positions = match_headers(report.kind, table.headers, report)
    if positions is None:
        refuse()
        return report
    if not table.rows:
        report.add(0, "", Msg(_("The file has a header row but no data rows.")))
        refuse()
        return report
    location = ledger_location(business)
    if location is None:
        report.add(0, "", Msg(NO_LOCATION))
    entries = check_rows(report.kind, business, rows_of(table, positions, report))
    if not report.ok:
        report.sort_errors(table.headers)
        refuse()
        return report
    record_entries(actor, business, location, entries, report, source=LedgerUpload.Source.FILE,
                   file_name=file_name, sm3=sm3, size=len(content))
    return report
