"""Writing to inboxes and the webhook outbox; reading an inbox; businesses' webhook endpoints.

``notify`` is called by other modules (recall, later sampling) inside the transaction of their own change:
it writes every notification and every webhook delivery set-based, so the outbox holds exactly the
changes that committed.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from foodtrace.audit.context import attributed_to
from foodtrace.audit.recorder import record_bulk
from foodtrace.notify.models import Notification, WebhookDelivery, WebhookEndpoint
from foodtrace.regions.scoping import ScopeLevel, scope_of
from foodtrace.registry.models import Business

VIEW = "notify.view_notification"
CHANGE = "notify.change_notification"
MAX_ACTIVE_ENDPOINTS = 5


@dataclass(frozen=True)
class NotifyResult:
    notifications: int
    deliveries: int


def require(principal, perm: str) -> None:
    if principal is None or not principal.has_perm(perm):
        raise PermissionDenied(_("Your role may not do this (%(perm)s).") % {"perm": perm})


def notify(businesses: list[int], *, kind: str, title: str, body: str = "", link: str = "",
           payload: dict | None = None, regions: list[str] | tuple = (), related: tuple[str, str] | None = None,
           per_business: dict[int, dict] | None = None, now=None) -> NotifyResult:
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
    return notify(list(notice.businesses), kind=notice.kind, title=notice.title, body=notice.body,
                  link=notice.link, payload=notice.payload, regions=list(notice.regions), related=notice.related,
                  per_business=notice.per_business, now=now)


# Inbox ----------------------------------------------------------------------------------------------------

def inbox(principal):
    """The notifications addressed to the principal's business, or to its district's (city's) regulators."""
    require(principal, VIEW)
    scope = scope_of(principal)
    if scope.level == ScopeLevel.BUSINESS:
        return Notification.objects.filter(business_id=scope.business_id)
    if scope.level == ScopeLevel.DISTRICT:
        return Notification.objects.filter(region_id=scope.district_id, business__isnull=True)
    if scope.level == ScopeLevel.CITY:
        return Notification.objects.filter(region_id=scope.city_id, business__isnull=True)
    return Notification.objects.none()


def mark_read(*, principal, notification_id: int, now=None) -> Notification:
    """Raises Notification.DoesNotExist for anything outside the principal's inbox."""
    require(principal, CHANGE)
    with transaction.atomic():
        notification = inbox(principal).select_for_update().get(pk=notification_id)
        if notification.read_at is None:
            notification.read_at = now or timezone.now()
            notification.read_by = principal if getattr(principal, "audit_actor_type", "") == "user" else None
            with attributed_to(principal):
                notification.save(update_fields=["read_at", "read_by"])
    return notification


def mark_all_read(*, principal, now=None) -> int:
    require(principal, CHANGE)
    now = now or timezone.now()
    with transaction.atomic():
        unread = inbox(principal).filter(read_at__isnull=True)
        ids = list(unread.values_list("pk", flat=True))
        reader = principal if getattr(principal, "audit_actor_type", "") == "user" else None
        count = Notification.objects.filter(pk__in=ids).update(read_at=now, read_by=reader)
        if count:
            with attributed_to(principal):
                record_bulk(action="update", model=Notification, count=count,
                            detail={"read_at": now.isoformat(), "ids": ids[:1000]})
    return count


# Webhook endpoints ------------------------------------------------------------------------------------------

def _own_business_id(principal) -> int:
    """Only a business (its users or its own system) registers endpoints, for itself."""
    require(principal, CHANGE)
    scope = scope_of(principal)
    if scope.level != ScopeLevel.BUSINESS or scope.business_id is None:
        raise PermissionDenied(_("Only a business registers webhook endpoints, for itself."))
    return scope.business_id


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


def endpoints(principal):
    return WebhookEndpoint.objects.filter(business_id=_own_business_id(principal))


@transaction.atomic
def register_endpoint(*, principal, url: str, description: str = "") -> tuple[WebhookEndpoint, str]:
    """Returns the endpoint and its secret; only the encrypted secret is kept, so show it now."""
    business_id = _own_business_id(principal)
    url = validate_url(url)
    _check_room(business_id)
    secret = new_secret()
    endpoint = WebhookEndpoint(business_id=business_id, url=url, secret=secret, description=description[:100],
                               created_by=principal if getattr(principal, "audit_actor_type", "") == "user" else None)
    endpoint.full_clean()
    with attributed_to(principal):
        endpoint.save()
    return endpoint, secret


@transaction.atomic
def rotate_secret(*, principal, endpoint_id: int) -> tuple[WebhookEndpoint, str]:
    endpoint = endpoints(principal).select_for_update().get(pk=endpoint_id)
    secret = new_secret()
    endpoint.secret = secret
    with attributed_to(principal):
        endpoint.save(update_fields=["secret"])
    return endpoint, secret


@transaction.atomic
def set_endpoint_active(*, principal, endpoint_id: int, active: bool) -> WebhookEndpoint:
    endpoint = endpoints(principal).select_for_update().get(pk=endpoint_id)
    if active and not endpoint.active:
        _check_room(endpoint.business_id)
    if endpoint.active != active:
        endpoint.active = active
        with attributed_to(principal):
            endpoint.save(update_fields=["active"])
    return endpoint
