"""Ledger pages (购销台账、索证索票): upload a ledger file, one quick entry from a phone, certificate files.

Business users write their own business's ledger; regulators and inspectors read the uploads and
certificates of their area (``restrict``). Every page works without JavaScript.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from foodtrace.registry.models import Product

from . import attachments as attachment_service
from .forms import AttachmentForm, QuickEntryForm, UploadForm
from .models import LedgerKind, LedgerUpload
from .quick import describe, ledger_entry_record
from .recording import UPLOAD_PERMISSION, VIEW_PERMISSION, ledger_business
from .report import RowError
from .selectors import attachments_visible, recent_activity, uploads_for
from .templates import template_download
from .uploads import MAX_BYTES, MAX_ROWS, ledger_upload

MAX_ERRORS_SHOWN = 2000  # enough to fix a file by; a file wrong on every row would make a huge page
LIST_LENGTH = 50


def _may_write(user) -> bool:
    return user.has_perm(UPLOAD_PERMISSION) and user.role == "business_user" and user.business_id is not None


def _require_read(user) -> None:
    if not (_may_write(user) or user.has_perm(VIEW_PERMISSION)):
        raise PermissionDenied(_("Your role may not see ledgers."))


def _error_context(errors: list[RowError]) -> dict:
    return {"errors": errors[:MAX_ERRORS_SHOWN], "hidden_errors": max(0, len(errors) - MAX_ERRORS_SHOWN),
            "error_rows": len({e.row for e in errors})}


def _filtered_uploads(request):
    """The upload list's filters (the workbench links here): status, uploaded since a date, district."""
    rows, shown = uploads_for(request.user), {}
    status = request.GET.get("status", "")
    if status in LedgerUpload.Status.values:
        rows, shown["status"] = rows.filter(status=status), LedgerUpload.Status(status).label
    try:
        since = parse_date(request.GET.get("since", "")[:10])
    except ValueError:  # well-formed but no such day (2026-02-30)
        since = None
    if since:
        rows, shown["since"] = rows.filter(uploaded_at__date__gte=since), since
    district = request.GET.get("district", "")[:6]
    if district:
        rows, shown["district"] = rows.filter(business__district_id=district), district
    return rows, shown


@login_required
def index(request):
    _require_read(request.user)
    may_write = _may_write(request.user)
    form = UploadForm(request.POST or None, request.FILES or None) if may_write else None
    report = None
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied(_("Only a business's own users may record its ledger."))
        if form.is_valid():
            upload = form.cleaned_data["file"]
            # One byte past the limit: enough to refuse, never the whole of a huge upload.
            report = ledger_upload(actor=request.user, file_name=upload.name, content=upload.read(MAX_BYTES + 1),
                                   kind=form.cleaned_data["kind"])
            if report.ok:
                messages.success(request, ngettext(
                    "Recorded %(count)d row of %(file)s.", "Recorded %(count)d rows of %(file)s.",
                    report.rows) % {"count": report.rows, "file": upload.name})
                # Post/redirect/get: reloading the page must not hand the file in again.
                return redirect("ledgers:upload", upload_id=report.upload_id)
    uploads, shown = _filtered_uploads(request)
    context = {"form": form, "report": report, "may_write": may_write, "kinds": LedgerKind.choices,
               "uploads": uploads[:LIST_LENGTH], "filters": shown, "max_rows": MAX_ROWS,
               "max_mb": MAX_BYTES // (1024 * 1024)}
    context.update(_error_context(report.errors if report else []))
    return render(request, "ledgers/index.html", context)


@login_required
def template(request, kind: str, fmt: str):
    _require_read(request.user)
    download = template_download(kind, fmt)
    if download is None:
        raise Http404
    return HttpResponse(download.content, headers=download.headers)


@login_required
def upload_detail(request, upload_id: int):
    _require_read(request.user)
    upload = get_object_or_404(uploads_for(request.user), pk=upload_id)
    errors = [RowError.from_stored(item) for item in upload.errors]
    context = {"upload": upload, "attachments": attachments_visible(request.user).filter(upload=upload)}
    if upload.status == LedgerUpload.Status.SUCCESS and _may_write(request.user) and upload.business_id == (
            request.user.business_id):
        context["attach_form"] = AttachmentForm(initial={"upload": upload.pk})
    context.update(_error_context(errors))
    return render(request, "ledgers/upload.html", context)


@login_required
def quick(request):
    business = ledger_business(request.user)
    parties, lots = recent_activity(request.user, business)
    products = Product.objects.restrict(request.user).filter(business=business, is_active=True).order_by("name")
    form = QuickEntryForm(request.POST or None, request.FILES or None, products=products, parties=parties,
                          lots=lots)
    if request.method == "POST" and form.is_valid():
        result = ledger_entry_record(actor=request.user, business=business, data=form.cleaned_data,
                                     parties=parties, file=form.cleaned_data.get("file"))
        if not result.field_errors:
            messages.success(request, describe(result.upload))
            return redirect(f"{request.path}?done={result.upload.pk}")
        for field, texts in result.field_errors.items():
            for text in texts:
                form.add_error(None if field == "__all__" else field, text)
    done = None
    if request.GET.get("done", "").isdigit():
        done = uploads_for(request.user).filter(pk=int(request.GET["done"]), business=business).first()
    return render(request, "ledgers/quick.html", {"form": form, "done": done, "business": business})


@login_required
def attachment_list(request):
    _require_read(request.user)
    may_write = _may_write(request.user) and request.user.has_perm(attachment_service.ADD_PERMISSION)
    form = AttachmentForm(request.POST or None, request.FILES or None) if may_write else None
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied(_("Your role may not attach certificates."))
        if form.is_valid():
            data = form.cleaned_data
            business = ledger_business(request.user)
            try:
                upload = attachment_service.own_upload(request.user, business, data["upload"])
                attachment_service.attachment_add(
                    actor=request.user, business=business, kind=data["kind"],
                    content=data["file"].read(attachment_service.max_bytes() + 1), file_name=data["file"].name,
                    document_number=data["document_number"], lot_key=attachment_service.lot_key_of(data["lot"]),
                    upload=upload, row=data["row"])
            except ValidationError as exc:
                for field, texts in exc.message_dict.items():
                    for text in texts:
                        form.add_error(field if field in form.fields and field != "upload" else None, text)
            else:
                messages.success(request, _("The file was attached."))
                return redirect("ledgers:upload", upload_id=upload.pk) if upload else redirect("ledgers:attachments")
    items = attachments_visible(request.user)
    if request.GET.get("q"):
        q = request.GET["q"].strip()
        items = items.filter(Q(document_number__icontains=q) | Q(lot_key__icontains=q))
    return render(request, "ledgers/attachments.html", {
        "form": form, "attachments": items[:LIST_LENGTH], "max_mb": attachment_service.max_bytes() // (1024 * 1024),
        "q": request.GET.get("q", "")})


@login_required
def attachment_file(request, attachment_id: int):
    if not (_may_write(request.user) or request.user.has_perm(attachment_service.VIEW_PERMISSION)):
        raise PermissionDenied(_("Your role may not see certificates."))
    attachment = get_object_or_404(attachments_visible(request.user), pk=attachment_id)
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    # Shown in the browser, but sandboxed: a PDF's scripts or an image's tricks run nowhere.
    response["Content-Security-Policy"] = "sandbox"
    response["Content-Disposition"] = f'inline; filename="{attachment.pk}{attachment.file.name[-4:]}"'
    return response
