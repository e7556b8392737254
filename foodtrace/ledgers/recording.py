"""Recording checked entries: one EPCIS document through the capture service (the path every API client
takes), and the upload's record — both in one transaction, so an upload row says exactly what happened."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from foodtrace.audit.context import attributed_to, current_actor
from foodtrace.crypto import sm3_hex
from foodtrace.epcis.errors import EPCISError, ValidationErrors
from foodtrace.registry.models import Business, Location
from foodtrace.sheets import stop_at_limit
from foodtrace.trace.capture import CaptureRefused, events_capture
from foodtrace.trace.models import CaptureJob

from .checks import Entry
from .events import document_bytes, events_for
from .models import LedgerUpload
from .report import LedgerReport, Msg

UPLOAD_PERMISSION = "ledgers.add_ledgerupload"
VIEW_PERMISSION = "ledgers.view_ledgerupload"
BUSINESS_ROLE = "business_user"


def ledger_business(actor) -> Business:
    """The business whose ledger the actor keeps; PermissionDenied for anyone but a business's own user."""
    if not actor.has_perm(UPLOAD_PERMISSION) or getattr(actor, "role", "") != BUSINESS_ROLE:
        raise PermissionDenied(_("Only a business's own users may record its ledger."))
    business = Business.objects.restrict(actor).filter(pk=actor.business_id).first()
    if business is None:
        raise PermissionDenied(_("Your account belongs to no business."))
    return business


def ledger_location(business: Business) -> Location | None:
    """Where the business's entries happen: its first active location (the one registered first)."""
    return Location.objects.filter(business=business, is_active=True).order_by("pk").first()


NO_LOCATION = gettext_lazy("Your business has no active location (shop, stall, warehouse …). Register one "
                           "first: ledger entries are recorded at a location.")


def _principal_fields(actor) -> dict:
    from foodtrace.accounts.models import ApiClient

    return {"api_client": actor} if isinstance(actor, ApiClient) else {"user": actor}


def _capture_errors(report: LedgerReport, entries: list[Entry], errors: list[dict]) -> None:
    """Capture's problems (English, EPCIS terms) against the rows the events came from, up to the limit."""
    with stop_at_limit():
        for error in errors:
            index = error.get("eventIndex")
            row = entries[index].row if isinstance(index, int) and 0 <= index < len(entries) else 0
            detail = error.get("detail") or ""
            report.add(row, "", Msg(gettext_lazy("The traceability database refused this entry: %(detail)s"),
                                    detail=detail))


def _capture(actor, content: bytes, report: LedgerReport, entries: list[Entry]) -> CaptureJob | None:
    try:
        result = events_capture(actor=actor, content=content, content_type="application/ld+json")
    except CaptureRefused:
        report.add(0, "", Msg(gettext_lazy("Your role may not record traceability events.")))
        return None
    except ValidationErrors as exc:
        _capture_errors(report, entries, [{"eventIndex": e.event_index, "detail": str(e)} for e in exc.errors])
        return getattr(exc, "job", None)
    except EPCISError as exc:
        _capture_errors(report, entries, [{"eventIndex": exc.event_index, "detail": str(exc)}])
        return getattr(exc, "job", None)
    if result.job.status == CaptureJob.Status.FAILURE:
        _capture_errors(report, entries, result.job.errors)
    else:
        report.recorded, report.duplicates = result.stored, result.duplicates
    return result.job


def save_upload(actor, business: Business, report: LedgerReport, *, source: str, file_name: str, sm3: str,
                size: int, job: CaptureJob | None = None) -> LedgerUpload:
    upload = LedgerUpload(
        business=business, ip=current_actor().ip, source=source, kind=report.kind, file_name=file_name[:255],
        sm3=sm3, size=size, rows=report.rows, recorded=report.recorded, duplicates=report.duplicates,
        status=LedgerUpload.Status.SUCCESS if report.ok else LedgerUpload.Status.FAILURE,
        errors=report.stored_errors(), generated_lots=list(report.generated_lots), capture_job=job,
        **_principal_fields(actor))
    with transaction.atomic(), attributed_to(actor):  # the row and its audit entry together
        upload.save()
    report.upload_id = upload.pk
    report.capture_job = str(job.pk) if job else None
    return upload


def record_entries(actor, business: Business, location: Location, entries: list[Entry], report: LedgerReport,
                   *, source: str, file_name: str = "", sm3: str = "", size: int = 0, after=None) -> LedgerUpload:
    """Capture the entries as one document and keep the upload's record; ``after(upload)`` runs inside the
    same transaction when the entries were recorded (the quick form saves its certificate file there)."""
    content = document_bytes(events_for(entries, business.uscc, location.code))
    if source == LedgerUpload.Source.FORM:
        sm3, size = sm3_hex(content), len(content)
    with transaction.atomic():
        job = _capture(actor, content, report, entries)
        upload = save_upload(actor, business, report, source=source, file_name=file_name, sm3=sm3, size=size,
                             job=job)
        if report.ok and after is not None:
            after(upload)
    return upload
