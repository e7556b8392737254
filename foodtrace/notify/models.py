"""Inboxes (站内通知) and the webhook outbox (事务性发件箱).

A notification is addressed to a business (its users' inbox) or to a region (the inbox of that district's or
the city's regulators). A webhook delivery is written in the same transaction as the change it reports and
sent later by ``manage.py deliver_webhooks`` (notify/delivery.py), so a change is never reported that did not
commit, and a committed change is always reported, however long the receiver is down.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from foodtrace.fields import EncryptedTextField
from foodtrace.regions.scoping import ScopedManager


class Notification(models.Model):
    business = models.ForeignKey("registry.Business", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("recipient business"))
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("recipient region"),
                               help_text=_("The inbox of this district's (or the city's) regulators."))
    # Where the row belongs for scoping: the business's district, or the recipient region itself.
    district = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("district"))
    kind = models.CharField(_("kind"), max_length=64)  # e.g. "recall.started"
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    related_type = models.CharField(_("related object type"), max_length=64, blank=True)  # "recall.recall"
    related_id = models.CharField(_("related object ID"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    read_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("read by"))

    objects = ScopedManager()
    scope_district_path = "district"
    scope_business_path = "business"
    scope_kind_path = "business__kind"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["business", "created_at"]), models.Index(fields=["region", "created_at"]),
                   models.Index(fields=["related_type", "related_id"])]
        constraints = [models.CheckConstraint(condition=Q(business__isnull=False) | Q(region__isnull=False),
                                              name="notify_notification_has_recipient")]

    def __str__(self):
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class WebhookEndpoint(models.Model):
    """A business's URL that receives a signed POST for each notification it gets."""

    business = models.ForeignKey("registry.Business", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("business"))
    url = models.URLField(_("URL"), max_length=500)
    # The HMAC key; encrypted at rest, shown to the business once, when it is made.
    secret = EncryptedTextField(_("signing secret"))
    description = models.CharField(_("description"), max_length=100, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))

    objects = ScopedManager()
    scope_district_path = "business__district"
    scope_business_path = "business"
    scope_kind_path = "business__kind"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self):
        return self.url


class WebhookDelivery(models.Model):
    """One POST to make (the outbox row), its attempts and its outcome."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.PROTECT, related_name="deliveries",
                                 verbose_name=_("endpoint"))
    event_type = models.CharField(_("event type"), max_length=64)
    payload = models.JSONField(_("payload"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("last HTTP status"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    objects = ScopedManager()
    scope_district_path = "endpoint__business__district"
    scope_business_path = "endpoint__business"
    scope_kind_path = "endpoint__business__kind"
    # Delivery bookkeeping, not a business change: the notification it carries is audited.
    audit_skip = True

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [models.Index(fields=["next_attempt_at", "id"], condition=Q(status="pending"),
                                name="notify_delivery_due"),
                   models.Index(fields=["endpoint", "created_at"])]

    def __str__(self):
        return f"{self.event_type} → {self.endpoint_id} ({self.status})"
