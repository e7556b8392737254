"""Certificate files (检疫证明、检验报告、发票): checked by their first bytes, fingerprinted with SM3, and
found again by document number or lot — ``attachments_for`` is what other packages call."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from foodtrace.accounts.principals import require
from foodtrace.audit.context import attributed_to
from foodtrace.crypto import sm3_hex
from foodtrace.i18n import localized
from foodtrace.identifiers import IdentifierError, canonical_id
from foodtrace.registry.models import Business

from .models import Attachment, AttachmentKind, LedgerUpload
from .values import document_problem, normalise_document_number, transaction_value

ADD_PERMISSION = "ledgers.add_attachment"
VIEW_PERMISSION = "ledgers.view_attachment"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024

# What the first bytes say the file is. The name's extension is not trusted: it is whatever the sender typed.
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)


def max_bytes() -> int:
    return getattr(settings, "LEDGER_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES)


def sniff(content: bytes) -> str | None:
    """The content type of a PDF, JPEG or PNG file by its magic bytes; None for anything else."""
    return next((kind for magic, kind in SIGNATURES if content.startswith(magic)), None)


def check_file(content: bytes) -> str:
    """The file's content type, or ValidationError on the ``file`` field (wrong type, empty, too large)."""
    limit = max_bytes()
    if not content:
        raise ValidationError({"file": _("The file is empty.")})
    if len(content) > limit:
        raise ValidationError({"file": _("The file is larger than %(max)s MB.") % {"max": f"{limit / 2**20:g}"}})
    content_type = sniff(content)
    if content_type is None:
        raise ValidationError({"file": _("Only PDF, JPEG and PNG files can be attached (a photo or a scan).")})
    return content_type


def lot_key_of(lot: str) -> str:
    """The canonical key of a lot as written by a person: a platform lot code, an EPC URN or a Digital Link."""
    lot = (lot or "").strip()
    if not lot:
        return ""
    uri = f"urn:foodtrace:lot:{lot.upper()}" if len(lot) == 16 and lot[:1] in "Tt" else lot
    try:
        found = canonical_id(uri)
    except IdentifierError as exc:
        raise ValidationError({"lot": localized(exc)}) from exc
    if found.kind not in ("lgtin", "gtin", "sgtin", "platform_lot"):
        raise ValidationError({"lot": _("Give a platform lot code (T and 15 letters or digits) or the lot's GS1 "
                                        "Digital Link, e.g. https://id.gs1.org/01/06901234567892/10/A01.")})
    return found.key


def attachment_add(*, actor, business: Business, kind: str, content: bytes, file_name: str = "",
                   document_number: str = "", lot_key: str = "", upload: LedgerUpload | None = None,
                   row: int | None = None) -> Attachment:
    """Store one certificate file for ``business``; the caller has checked the actor may write for it."""
    require(actor, ADD_PERMISSION, _("Your role may not attach certificates."))
    if kind not in AttachmentKind.values:
        raise ValidationError({"kind": _("Unknown kind of document.")})
    content_type = check_file(content)
    number = normalise_document_number(document_number or "")
    if number and document_problem(number):
        raise ValidationError({"document_number": _("At most 64 characters, without control characters.")})
    if not number and not lot_key:
        raise ValidationError({"document_number": _("Give the document number or the lot it belongs to.")})
    from foodtrace.accounts.models import ApiClient

    who = {"api_client": actor} if isinstance(actor, ApiClient) else {"uploaded_by": actor}
    attachment = Attachment(business=business, kind=kind, document_number=number,
                            transaction_value=transaction_value(kind, number) if number else "", lot_key=lot_key,
                            upload=upload, row=row, original_name=(file_name or "")[-255:],
                            content_type=content_type, size=len(content), sm3=sm3_hex(content), **who)
    with transaction.atomic(), attributed_to(actor):
        attachment.file.save("upload", ContentFile(content), save=False)
        try:
            attachment.save()
        except Exception:
            attachment.file.delete(save=False)  # no file without its row
            raise
    return attachment


def own_upload(actor, business: Business, upload_id: int | None) -> LedgerUpload | None:
    """The business's recorded upload an attachment is said to belong to (None when none is named)."""
    if upload_id is None:
        return None
    upload = LedgerUpload.objects.restrict(actor).filter(pk=upload_id, business=business,
                                                          status=LedgerUpload.Status.SUCCESS).first()
    if upload is None:
        raise ValidationError({"upload": _("No such recorded upload of your business.")})
    return upload


def attachments_for(lot_keys: list[str], transaction_values: list[str]) -> QuerySet:
    """Attachments of any of these lots (canonical keys) or business transactions (bizTransaction values).

    Not scoped: callers showing them to someone restrict it (``.restrict(principal)``), or decide, like a
    public page, which lots may be shown at all."""
    lot_keys = [k for k in lot_keys if k]
    transaction_values = [v for v in transaction_values if v]
    if not lot_keys and not transaction_values:
        return Attachment.objects.none()
    return Attachment.objects.filter(Q(lot_key__in=lot_keys) | Q(transaction_value__in=transaction_values))
