"""What the ledger package stores itself: one row per upload (file or quick form) and certificate files.

The ledger entries themselves are EPCIS events in the traceability database (trace.Event); these models
keep who handed them in and the documents behind them.
"""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from foodtrace.regions.scoping import ScopedManager


class LedgerKind(models.TextChoices):
    PURCHASES = "purchases", _("Purchase ledger")  # 进货台账
    SALES = "sales", _("Sales ledger")  # 销售台账
    CERTIFICATES = "certificates", _("Certificates and invoices")  # 索证索票


class LedgerUpload(models.Model):
    """One ledger file (or one quick-form entry) handed in, whether it was recorded or refused."""

    class Source(models.TextChoices):
        FILE = "file", _("File upload")
        FORM = "form", _("Quick form")

    class Status(models.TextChoices):
        SUCCESS = "success", pgettext_lazy("ledger", "Recorded")
        FAILURE = "failure", pgettext_lazy("ledger", "Refused")

    business = models.ForeignKey("registry.Business", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("business"))
    user = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("user"))
    api_client = models.ForeignKey("accounts.ApiClient", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("API client"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True, db_index=True)
    ip = models.GenericIPAddressField(pgettext_lazy("ledger", "address"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices, default=Source.FILE)
    # Blank only for a file whose headers matched no ledger.
    kind = models.CharField(_("kind"), max_length=16, choices=LedgerKind.choices, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    # SM3 of the file as received; for a quick-form entry, of the EPCIS document it became.
    sm3 = models.CharField(_("SM3"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    recorded = models.PositiveIntegerField(_("events recorded"), default=0)
    duplicates = models.PositiveIntegerField(_("rows already recorded"), default=0)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    # [{"row", "column", "message_zh", "message_en"}]: both languages, so either can be shown later.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    # Platform lot codes created for this entry (quick form purchases without a lot code).
    generated_lots = models.JSONField(_("lot codes issued"), default=list, blank=True)
    capture_job = models.ForeignKey("trace.CaptureJob", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("capture job"))

    objects = ScopedManager()
    scope_district_path = "business__district"
    scope_business_path = "business"
    scope_kind_path = "business__kind"

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("ledger upload")
        verbose_name_plural = _("ledger uploads")
        indexes = [models.Index(fields=["business", "uploaded_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.file_name or self.get_source_display()} ({self.get_status_display()})"


class AttachmentKind(models.TextChoices):
    QUARANTINE_CERT = "quarantine_cert", _("Quarantine certificate")  # 检疫证明
    INSPECTION_REPORT = "inspection_report", _("Inspection report")  # 检验报告
    INVOICE = "invoice", _("Invoice")  # 发票


def attachment_path(instance: "Attachment", filename: str) -> str:
    # Our own name, never the uploader's: no path tricks, no clashes, nothing personal in the file system.
    suffix = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}.get(instance.content_type, "")
    return f"ledgers/{instance.business_id}/{instance.uploaded_at:%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    """A scanned certificate, inspection report or invoice, found by its document number or its lot."""

    business = models.ForeignKey("registry.Business", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("business"))
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("uploaded by"))
    api_client = models.ForeignKey("accounts.ApiClient", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("API client"))
    # A default rather than auto_now_add: the file's path (attachment_path) needs it before the row is saved.
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now, db_index=True)
    kind = models.CharField(_("kind"), max_length=24, choices=AttachmentKind.choices)
    document_number = models.CharField(_("document number"), max_length=64, blank=True)
    # The bizTransaction value the document number is written as in events (urn:foodtrace:qc:…).
    transaction_value = models.CharField(_("business transaction"), max_length=300, blank=True, db_index=True)
    lot_key = models.CharField(_("lot"), max_length=300, blank=True, db_index=True)  # canonical key
    upload = models.ForeignKey(LedgerUpload, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="attachments", verbose_name=_("ledger upload"))
    row = models.PositiveIntegerField(_("row"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("original file name"), max_length=255, blank=True)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sm3 = models.CharField(_("SM3"), max_length=64)

    objects = ScopedManager()
    scope_district_path = "business__district"
    scope_business_path = "business"
    scope_kind_path = "business__kind"

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return f"{self.get_kind_display()} {self.document_number or self.lot_key}".strip()
