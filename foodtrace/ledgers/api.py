"""Ledger API (/api/v1/ledgers/): templates, ledger file uploads and certificate files."""

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Status, UploadedFile
from ninja.pagination import paginate

from foodtrace.accounts.principals import require
from foodtrace.apikit.pagination import Pages
from foodtrace.apikit.params import Count, Id

from . import attachments as attachment_service
from .attachments import attachments_for
from .columns import KINDS
from .recording import VIEW_PERMISSION, ledger_business
from .schemas import AttachmentOut, LedgerReportOut, LedgerUploadOut
from .selectors import attachments_visible, uploads_for
from .templates import template_download
from .uploads import MAX_BYTES, ledger_upload

router = Router(tags=["ledgers"])


@router.get("/templates/{kind}", auth=None)
def template(request, kind: str, format: str = "xlsx"):
    """The empty ledger file: `kind` purchases, sales or certificates; `format` xlsx or csv."""
    download = template_download(kind, format)
    if download is None:
        raise Http404
    return HttpResponse(download.content, headers=download.headers)


@router.post("/uploads", response={200: LedgerReportOut, 422: LedgerReportOut})
def upload(request, file: File[UploadedFile], kind: Form[str] = ""):
    """A purchase, sales or certificate ledger (.xlsx or .csv): every row is checked, then all rows are recorded
    as EPCIS events or none; 422 lists every problem (row, column, message). `kind` may be left out when the
    headers are a template's."""
    if kind and kind not in KINDS:
        raise ValidationError({"kind": f"one of {', '.join(KINDS)}, or left out"})
    # One byte past the limit: enough to refuse, never the whole of a huge upload.
    report = ledger_upload(actor=request.auth, file_name=file.name, content=file.read(MAX_BYTES + 1),
                           kind=kind or None)
    return Status(200 if report.ok else 422, report.as_dict())


@router.get("/uploads", response=list[LedgerUploadOut])
@paginate(Pages, page_size=50)
def list_uploads(request, status: str = "", kind: str = ""):
    require(request.auth, VIEW_PERMISSION)
    uploads = uploads_for(request.auth)
    if status:
        uploads = uploads.filter(status=status)
    if kind:
        uploads = uploads.filter(kind=kind)
    return uploads


@router.get("/uploads/{upload_id}", response=LedgerUploadOut)
def get_upload(request, upload_id: Id):
    require(request.auth, VIEW_PERMISSION)
    return get_object_or_404(uploads_for(request.auth), pk=upload_id)


@router.post("/attachments", response={201: AttachmentOut})
def add_attachment(request, file: File[UploadedFile], kind: Form[str], document_number: Form[str] = "",
                   lot: Form[str] = "", upload_id: Form[Id | None] = None, row: Form[Count | None] = None):
    """A certificate file (PDF, JPEG or PNG by content) for a document number and/or a lot; `upload_id` (and
    `row`) tie it to a recorded upload of the business."""
    business = ledger_business(request.auth)
    attachment = attachment_service.attachment_add(
        actor=request.auth, business=business, kind=kind,
        content=file.read(attachment_service.max_bytes() + 1), file_name=file.name,
        document_number=document_number, lot_key=attachment_service.lot_key_of(lot),
        upload=attachment_service.own_upload(request.auth, business, upload_id), row=row)
    return Status(201, attachment)


@router.get("/attachments", response=list[AttachmentOut])
@paginate(Pages, page_size=50)
def list_attachments(request, lot: str = "", transaction: str = ""):
    """Attachments in your scope; `lot` (a lot code or URI) and `transaction` (a bizTransaction value) narrow
    them to those of that lot or document."""
    require(request.auth, attachment_service.VIEW_PERMISSION)
    visible = attachments_visible(request.auth)
    if lot or transaction:
        keys = [attachment_service.lot_key_of(lot)] if lot else []
        visible = visible.filter(pk__in=attachments_for(keys, [transaction] if transaction else []).values("pk"))
    return visible


@router.get("/attachments/{attachment_id}/file")
def attachment_file(request, attachment_id: Id):
    require(request.auth, attachment_service.VIEW_PERMISSION)
    attachment = get_object_or_404(attachments_visible(request.auth), pk=attachment_id)
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    response["Content-Security-Policy"] = "sandbox"
    return response
