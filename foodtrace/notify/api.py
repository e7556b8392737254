"""Inbox API (/api/v1/inbox): the principal's notifications, marking them read, and webhook endpoints."""

from datetime import datetime

from django.http import Http404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from foodtrace.apikit.pagination import Pages
from foodtrace.apikit.params import Id
from foodtrace.notify import selectors, services
from foodtrace.notify.models import Notification, WebhookEndpoint

router = Router(tags=["inbox"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    link: str
    related_type: str
    related_id: str
    business_id: int | None
    region_id: str | None
    created_at: datetime
    read_at: datetime | None


class EndpointIn(Schema):
    url: str
    description: str = ""


class EndpointPatch(Schema):
    active: bool


class EndpointOut(Schema):
    id: int
    url: str
    description: str
    active: bool
    created_at: datetime


class EndpointCreatedOut(EndpointOut):
    secret: str  # shown once: only its encrypted form is kept


class DeliveryOut(Schema):
    id: int
    event_type: str
    status: str
    attempts: int
    next_attempt_at: datetime
    last_status_code: int | None
    last_error: str
    created_at: datetime
    delivered_at: datetime | None


@router.get("", response=list[NotificationOut])
@paginate(Pages, page_size=50)
def list_notifications(request, unread: bool = False, kind: str = ""):
    """Your business's notifications, or your district's (the city's) regulators' inbox; newest first."""
    notifications = selectors.inbox(request.auth)
    if unread:
        notifications = notifications.filter(read_at__isnull=True)
    if kind:
        notifications = notifications.filter(kind=kind)
    return notifications


@router.post("/{notification_id}/read", response=NotificationOut)
def mark_read(request, notification_id: Id):
    try:
        return services.notification_mark_read(actor=request.auth, notification_id=notification_id)
    except Notification.DoesNotExist as exc:
        raise Http404 from exc


@router.post("/read-all")
def mark_all_read(request):
    return {"marked": services.notification_mark_all_read(actor=request.auth)}


@router.get("/webhooks", response=list[EndpointOut])
def list_endpoints(request):
    """Your business's webhook endpoints (a business user or the business's own API client)."""
    return list(selectors.endpoints(request.auth))


@router.post("/webhooks", response={201: EndpointCreatedOut})
def create_endpoint(request, payload: EndpointIn):
    """Register a URL; the answer carries the signing secret, the only time it is shown."""
    endpoint, secret = services.webhook_endpoint_register(actor=request.auth, url=payload.url,
                                                          description=payload.description)
    return Status(201, _with_secret(endpoint, secret))


@router.post("/webhooks/{endpoint_id}/rotate-secret", response=EndpointCreatedOut)
def rotate_secret(request, endpoint_id: Id):
    try:
        endpoint, secret = services.webhook_endpoint_rotate_secret(actor=request.auth, endpoint_id=endpoint_id)
    except WebhookEndpoint.DoesNotExist as exc:
        raise Http404 from exc
    return _with_secret(endpoint, secret)


@router.patch("/webhooks/{endpoint_id}", response=EndpointOut)
def update_endpoint(request, endpoint_id: Id, payload: EndpointPatch):
    try:
        return services.webhook_endpoint_set_active(actor=request.auth, endpoint_id=endpoint_id, active=payload.active)
    except WebhookEndpoint.DoesNotExist as exc:
        raise Http404 from exc


@router.get("/webhooks/{endpoint_id}/deliveries", response=list[DeliveryOut])
@paginate(Pages, page_size=50)
def list_deliveries(request, endpoint_id: Id):
    """What was sent to this endpoint, newest first, with attempts and the last error."""
    endpoint = selectors.endpoints(request.auth).filter(pk=endpoint_id).first()
    if endpoint is None:
        raise Http404
    return endpoint.deliveries.all()


def _with_secret(endpoint: WebhookEndpoint, secret: str) -> dict:
    return {"id": endpoint.pk, "url": endpoint.url, "description": endpoint.description, "active": endpoint.active,
            "created_at": endpoint.created_at, "secret": secret}
