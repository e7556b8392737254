"""One purchase or one sale from the quick form, checked by the same rules as a ledger file row.

The form's values become a one-row "file" (the form field names stand in for the headers), so a quick
entry and an uploaded row can never be judged differently; the problems come back on the form's fields.
"""

import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from foodtrace.sheets import Row
from foodtrace.trace.models import EventIdentifier

from .attachments import attachment_add, check_file, max_bytes
from .checks import check_rows
from .models import LedgerKind, LedgerUpload
from .recording import NO_LOCATION, ledger_location, record_entries
from .report import LedgerReport
from .selectors import Party

_BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Form field each cell is reported on.
FIELD_OF = {"time": "time", "party_uscc": "party_uscc", "party_name": "party_name", "product": "product",
            "lot": "lot", "quantity": "quantity", "unit": "unit", "quarantine_cert": "document_number",
            "invoice": "document_number", "inspection_report": "document_number"}


def new_lot_code() -> str:
    """A platform lot code nobody has used: T and 15 random base-36 characters (36^15 ≈ 2·10^23 codes)."""
    for _attempt in range(8):
        code = "T" + "".join(secrets.choice(_BASE36) for _ in range(15))
        if not EventIdentifier.objects.filter(key=f"plot:{code}").exists():
            return code
    raise RuntimeError("could not find an unused lot code")  # practically impossible


@dataclass
class QuickResult:
    report: LedgerReport
    upload: LedgerUpload | None
    field_errors: dict[str, list[str]]


def _party(data: dict, parties: list[Party]) -> tuple[str, str]:
    known = {p.uscc: p.name for p in parties}
    uscc = (data.get("party_uscc") or "").strip().upper() or data.get("recent_party") or ""
    name = (data.get("party_name") or "").strip() or known.get(uscc, "")
    return uscc, name


def ledger_entry_record(*, actor, business, data: dict, parties: list[Party], file=None) -> QuickResult:
    """Record one purchase or sale from the quick form's cleaned data (and its certificate file, if any)."""
    kind = data["direction"]
    report = LedgerReport(kind=kind, rows=1)
    errors: dict[str, list[str]] = {}
    content = b""
    if file is not None:
        content = file.read(max_bytes() + 1)  # one byte past the limit is enough to refuse
        try:
            check_file(content)
        except ValidationError as exc:
            errors.setdefault("file", []).extend(exc.message_dict["file"])
    location = ledger_location(business)
    if location is None:
        errors.setdefault("__all__", []).append(str(NO_LOCATION))
    lot = (data.get("lot") or "").strip() or data.get("recent_lot") or ""
    if not lot and kind == LedgerKind.PURCHASES:
        lot = new_lot_code()
        report.generated_lots.append(lot)
    uscc, name = _party(data, parties)
    values = {"time": data["time"], "party_uscc": uscc, "party_name": name,
              "product": data.get("product") or data.get("gtin"), "lot": lot, "quantity": str(data["quantity"]),
              "unit": data["unit"], data["document_kind"]: data.get("document_number") or ""}
    row = Row(1, values, {key: key for key in values}, report)
    entries = check_rows(kind, business, [row])
    for error in report.errors:
        errors.setdefault(FIELD_OF.get(error.column, "__all__"), []).append(error.message)
    if errors:
        return QuickResult(report, None, errors)

    def save_file(upload: LedgerUpload) -> None:
        if content:
            attachment_add(actor=actor, business=business, kind=data["document_kind"], content=content,
                           file_name=getattr(file, "name", ""), document_number=data.get("document_number") or "",
                           lot_key=entries[0].lot_key, upload=upload, row=1)

    upload = record_entries(actor, business, location, entries, report, source=LedgerUpload.Source.FORM,
                            after=save_file)
    if not report.ok:
        errors["__all__"] = [e.message for e in report.errors]
        return QuickResult(report, upload, errors)
    return QuickResult(report, upload, {})


def describe(upload: LedgerUpload) -> str:
    return _("Purchase recorded.") if upload.kind == LedgerKind.PURCHASES else _("Sale recorded.")
