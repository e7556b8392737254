"""Writing to inboxes and the webhook outbox; marking notifications read; businesses' webhook endpoints.
(Reading an inbox and the endpoints: ``notify/selectors.py``.)

``notification_send`` is called by other modules (recall, later sampling) inside the transaction of their own change:
it writes every notification and every webhook delivery set-based, so the outbox holds exactly the
changes that committed.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from foodtrace.accounts.principals import acting_user, require
from foodtrace.audit.context import attributed_to
from foodtrace.audit.recorder import record_bulk
from foodtrace.notify.models import Notification, WebhookDelivery, WebhookEndpoint
from foodtrace.notify.selectors import CHANGE, endpoints, inbox, own_business_id
from foodtrace.registry.models import Business

MAX_ACTIVE_ENDPOINTS = 5


@dataclass(frozen=True)
class NotifyResult:
    notifications: int
    deliveries: int


def notification_send(businesses: list[int], *, kind: str, title: str, body: str = "", link: str = "",
                      payload: dict | None = None, regions: list[str] | tuple = (),
                      related: tuple[str, str] | None = None, per_business: dict[int, dict] | None = None,
                      now=None) -> NotifyResult:
    """One notification per business (and per region inbox in ``regions``), one webhook delivery per active
    endpoint of each business; set-based, in the caller's transaction.

    ``payload`` goes to every webhook as ``data``; ``per_business[business_id]`` is merged into it for that
    business (e.g. the lots it holds). ``related`` is ``("app.model", pk)`` of the object the notice is about.
    """
    now = now or timezone.now()
    related_type, related_id = (related[0], str(related[1])) if related else ("", "")
    business_rows = dict(Business.objects.filter(pk__in=set(businesses)).values_list("pk", "district_id"))
    common = {"kind": kind, "title": title[:200], "body": body, "link": link, "related_type": related_type,
              "related_id": related_id, "created_at": now}
    rows = [Notification(business_id=pk, district_id=district, **common)
            for pk, district in sorted(business_rows.items())]
    rows += [Notification(region_id=code, district_id=code, **common) for code in sorted(set(regions))]
    endpoints = list(WebhookEndpoint.objects.filter(business_id__in=business_rows, active=True)
                     .values_list("pk", "business_id", "business__uscc"))
    deliveries = []
    for endpoint_id, business_id, uscc in endpoints:
        data = {**(payload or {}), **((per_business or {}).get(business_id) or {})}
        deliveries.append(WebhookDelivery(
            endpoint_id=endpoint_id, event_type=kind, created_at=now, next_attempt_at=now,
            payload={"created_at": now.isoformat(), "business": {"uscc": uscc}, "title": title, "body": body,
                     "link": link, "data": data}))
    with transaction.atomic():
        Notification.objects.bulk_create(rows)
        WebhookDelivery.objects.bulk_create(deliveries)
        if deliveries:
            # The outbox rows commit with the change; the worker is asked to send them once they have.
            transaction.on_commit(_wake_delivery)
        if rows:
            record_bulk(action="create", model=Notification, count=len(rows),
                        detail={"kind": kind, "related": f"{related_type}:{related_id}" if related else "",
                                "businesses": sorted(business_rows), "regions": sorted(set(regions)),
                                "webhook_deliveries": len(deliveries)})
    return NotifyResult(len(rows), len(deliveries))


def _wake_delivery() -> None:
    from foodtrace.notify.tasks import deliver_webhooks

    deliver_webhooks.enqueue()


def notice_send(notice, now) -> NotifyResult:
    """The workflow's notice sender (registered in NotifyConfig.ready): a ``workflow.declarations.Notice``."""
    return notification_send(list(notice.businesses), kind=notice.kind, title=notice.title, body=notice.body,
                             link=notice.link, payload=notice.payload, regions=list(notice.regions),
                             related=notice.related, per_business=notice.per_business, now=now)


# Inbox -------------------------------------------------------------------------------------------------------

def notification_mark_read(*, actor, notification_id: int, now=None) -> Notification:
    """Raises Notification.DoesNotExist for anything outside the actor's inbox."""
    require(actor, CHANGE)
    with transaction.atomic():
        notification = inbox(actor).select_for_update().get(pk=notification_id)
        if notification.read_at is None:
            notification.read_at = now or timezone.now()
            notification.read_by = acting_user(actor)
            with attributed_to(actor):
                notification.save(update_fields=["read_at", "read_by"])
    return notification


def notification_mark_all_read(*, actor, now=None) -> int:
    require(actor, CHANGE)
    now = now or timezone.now()
    with transaction.atomic():
        unread = inbox(actor).filter(read_at__isnull=True)
        ids = list(unread.values_list("pk", flat=True))
        reader = acting_user(actor)
        count = Notification.objects.filter(pk__in=ids).update(read_at=now, read_by=reader)
        if count:
            with attributed_to(actor):
                record_bulk(action="update", model=Notification, count=count,
                            detail={"read_at": now.isoformat(), "ids": ids[:1000]})
    return count


# Webhook endpoints ------------------------------------------------------------------------------------------

def validate_url(url: str) -> str:
    url = (url or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as exc:
        raise ValidationError({"url": _("Enter a full http(s) URL.")}) from exc
    if settings.PRODUCTION and urlsplit(url).scheme != "https":
        raise ValidationError({"url": _("Webhook URLs must use https.")})
    return url


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def _check_room(business_id: int) -> None:
    active = WebhookEndpoint.objects.select_for_update().filter(business_id=business_id, active=True)
    if len(active) >= MAX_ACTIVE_ENDPOINTS:
        raise ValidationError({"url": _("A business may have at most %(n)d active endpoints.")
                                      % {"n": MAX_ACTIVE_ENDPOINTS}})


@transaction.atomic
def webhook_endpoint_register(*, actor, url: str, description: str = "") -> tuple[WebhookEndpoint, str]:
    """Returns the endpoint and its secret; only the encrypted secret is kept, so show it now."""
    business_id = own_business_id(actor)
    url = validate_url(url)
    _check_room(business_id)
    secret = new_secret()
    endpoint = WebhookEndpoint(business_id=business_id, url=url, secret=secret, description=description[:100],
                               created_by=acting_user(actor))
    endpoint.full_clean()
    with attributed_to(actor):
        endpoint.save()
    return endpoint, secret


@transaction.atomic
def webhook_endpoint_rotate_secret(*, actor, endpoint_id: int) -> tuple[WebhookEndpoint, str]:
    endpoint = endpoints(actor).select_for_update().get(pk=endpoint_id)
    secret = new_secret()
    endpoint.secret = secret
    with attributed_to(actor):
        endpoint.save(update_fields=["secret"])
    return endpoint, secret


@transaction.atomic
def webhook_endpoint_set_active(*, actor, endpoint_id: int, active: bool) -> WebhookEndpoint:
    endpoint = endpoints(actor).select_for_update().get(pk=endpoint_id)
    if active and not endpoint.active:
        _check_room(endpoint.business_id)
    if endpoint.active != active:
        endpoint.active = active
        with attributed_to(actor):
            endpoint.save(update_fields=["active"])
    return endpoint
