"""Public participation (公众参与): ratings of lots and products (再评价) and problem reports (投诉举报).

Both are written by anonymous members of the public and handled by the regulators of the district that
supervises the seller (docs/participation.md). Neither keeps the sender's network address: only a salted SM3
hash of it (``address_hash``), for rate limits and abuse control. Contact details of a reporter are encrypted
at rest (SM4-GCM) and shown in full only to the report's assigned handler.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from foodtrace.fields import EncryptedTextField
from foodtrace.regions.scoping import ScopedManager
from foodtrace.workflow.models import CaseClockMixin, TimelineEntry

COMMENT_MAX = 500
DESCRIPTION_MAX = 2000
REPLY_MAX = 2000


class Rating(models.Model):
    """One member of the public's stars (1–5) for a lot or a product, with an optional comment.

    The stars count in the aggregate at once; a comment is published only after a regulator of ``district``
    (the seller's district, else the producer's) approves it.
    """

    class Status(models.TextChoices):
        PUBLISHED = "published", pgettext_lazy("rating status", "Published (no comment)")
        PENDING = "pending", pgettext_lazy("rating status", "Comment awaiting moderation")
        APPROVED = "approved", pgettext_lazy("rating status", "Comment approved")
        REJECTED = "rejected", pgettext_lazy("rating status", "Comment rejected")

    # The canonical key of the lot or unit rated (plot:…, lgtin:…, sgtin:…); blank for a product-only rating.
    lot_key = models.CharField(_("lot"), max_length=300, blank=True)
    product = models.ForeignKey("registry.Product", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("product"))
    # The business that sold the lot (its last holder), when the platform knows it.
    seller = models.ForeignKey("registry.Business", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("seller"))
    stars = models.PositiveSmallIntegerField(_("stars"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("comment"), blank=True, validators=[MaxLengthValidator(COMMENT_MAX)])
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    # Whose regulators moderate the comment: the seller's district, else the producer's, else the city.
    district = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("moderating region"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    address_hash = models.CharField(_("address hash"), max_length=64)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("moderated by"))

    objects = ScopedManager()
    scope_district_path = "district"
    scope_business_path = "seller"
    scope_kind_path = "seller__kind"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        permissions = [("moderate_rating", "Can moderate rating comments")]
        indexes = [models.Index(fields=["lot_key", "created_at"], name="participation_rating_lot"),
                   models.Index(fields=["product", "created_at"], name="participation_rating_product"),
                   models.Index(fields=["district", "status"], name="participation_rating_queue"),
                   models.Index(fields=["address_hash", "created_at"], name="participation_rating_addr")]
        constraints = [
            models.CheckConstraint(condition=Q(stars__gte=1) & Q(stars__lte=5), name="participation_rating_stars"),
            models.CheckConstraint(condition=~Q(lot_key="") | Q(product__isnull=False),
                                   name="participation_rating_has_subject"),
        ]

    def __str__(self):
        return f"{self.stars}★ {self.lot_key or self.product_id}"

    @property
    def has_comment(self) -> bool:
        return bool(self.comment)


class ReportCategory(models.TextChoices):
    SPOILED = "spoiled", _("Spoiled or gone bad")  # 变质
    FOREIGN_MATTER = "foreign_matter", _("Foreign matter")  # 异物
    COUNTERFEIT = "counterfeit", _("Counterfeit")  # 假冒
    LABEL = "label", _("Label does not match")  # 标签不符
    PRICE = "price", _("Price fraud")  # 价格欺诈
    OTHER = "other", pgettext_lazy("report category", "Other")  # 其他


class Report(CaseClockMixin, models.Model):
    """A problem report (投诉举报) from a member of the public, its routing and its handling (a case of the
    workflow: participation/workflow.py)."""

    class Status(models.TextChoices):
        RECEIVED = "received", pgettext_lazy("report status", "Received")  # 已受理
        ASSIGNED = "assigned", pgettext_lazy("report status", "Being handled")  # 处理中
        REPLIED = "replied", pgettext_lazy("report status", "Replied")  # 已答复
        CLOSED = "closed", pgettext_lazy("report status", "Closed")  # 已办结

    class Routing(models.TextChoices):
        """Why the report went to ``district`` (docs/participation.md, "Routing")."""

        BUSINESS = "business", _("the registered business the reporter named")
        SELLER = "seller", _("the lot's last holder (the seller)")
        DISTRICT = "district", _("the district the reporter chose")
        PRODUCER = "producer", _("the lot's producer")
        CITY = "city", _("no district could be found: the city")

    tracking = models.CharField(_("tracking number"), max_length=20, unique=True)  # TS202611250001
    # SM3 of the 6-character check code (keyed); the code itself is shown to the reporter once.
    check_hash = models.CharField(_("check code hash"), max_length=64)
    category = models.CharField(_("problem"), max_length=16, choices=ReportCategory.choices)
    description = models.TextField(_("description"), validators=[MaxLengthValidator(DESCRIPTION_MAX)])
    code = models.CharField(_("code as entered"), max_length=300, blank=True)
    lot_key = models.CharField(_("lot"), max_length=300, blank=True, db_index=True)
    product = models.ForeignKey("registry.Product", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("product"))
    product_name = models.CharField(_("product name"), max_length=200, blank=True)
    # Where it was bought, as the reporter wrote it.
    seller_name = models.CharField(_("business or stall (as written)"), max_length=200, blank=True)
    seller_district = models.ForeignKey("regions.Region", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+", verbose_name=_("district of purchase (as chosen)"))
    # The seller as resolved: the business named (when registered) or the lot's last holder.
    business = models.ForeignKey("registry.Business", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("seller"))
    # The supervising region whose regulators handle the report (a district, or the city).
    district = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("handling region"))
    routing = models.CharField(_("routed by"), max_length=10, choices=Routing.choices)
    contact_name = EncryptedTextField(_("contact name"), blank=True)
    contact_phone = EncryptedTextField(_("contact phone"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("handler"))
    created_at = models.DateTimeField(_("submitted"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    address_hash = models.CharField(_("address hash"), max_length=64)

    objects = ScopedManager()
    scope_district_path = "district"
    scope_business_path = "business"
    scope_kind_path = "business__kind"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("problem report")
        verbose_name_plural = _("problem reports")
        indexes = [models.Index(fields=["district", "status", "created_at"], name="participation_report_queue"),
                   models.Index(fields=["address_hash", "created_at"], name="participation_report_addr")]

    def __str__(self):
        return self.tracking

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class ReportStep(TimelineEntry):
    """The report's timeline: submitted, assigned, replied, closed, escalated (each also in the audit trail)."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("report step", "Submitted")
        ASSIGNED = "assigned", pgettext_lazy("report step", "Assigned")
        REPLIED = "replied", pgettext_lazy("report step", "Replied")
        CLOSED = "closed", pgettext_lazy("report step", "Closed")
        ESCALATED = "escalated", pgettext_lazy("report step", "Overdue: escalated")

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="steps", verbose_name=_("report"))
    kind = models.CharField(_("step"), max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("by"))
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("assigned to"))
    # A reply, or the closing note: shown to the reporter on the status page.
    text = models.TextField(_("text"), blank=True, validators=[MaxLengthValidator(REPLY_MAX)])

    objects = ScopedManager()
    scope_district_path = "report__district"
    scope_business_path = "report__business"
    scope_kind_path = "report__business__kind"

    class Meta(TimelineEntry.Meta):
        verbose_name = _("report step")
        verbose_name_plural = _("report steps")

    def __str__(self):
        return f"{self.report_id} {self.kind}"

    @property
    def timeline_subject(self) -> str:
        return f"→ {self.assignee.username}" if self.assignee_id else ""

    @property
    def timeline_note(self) -> str:
        return self.text or super().timeline_note


class ReportPhoto(models.Model):
    """A photo sent with a report: the bytes as received (JPEG or PNG by their magic bytes, ≤ 5 MB), in the
    database so a refused or failed submission leaves nothing behind. Served only to regulators, sandboxed and
    as an attachment."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="photos", verbose_name=_("report"))
    content_type = models.CharField(_("content type"), max_length=16)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sm3 = models.CharField(_("SM3"), max_length=64)
    data = models.BinaryField(_("data"))
    created_at = models.DateTimeField(_("received"), default=timezone.now)

    objects = ScopedManager()
    scope_district_path = "report__district"
    scope_business_path = "report__business"
    scope_kind_path = "report__business__kind"
    # The bytes cannot go into the audit trail; the service records one entry per photo with its SM3 instead.
    audit_skip = True

    class Meta:
        ordering = ["id"]
        verbose_name = _("report photo")
        verbose_name_plural = _("report photos")

    def __str__(self):
        return f"{self.report_id} {self.sm3[:12]}"

    @property
    def extension(self) -> str:
        return ".png" if self.content_type == "image/png" else ".jpg"
