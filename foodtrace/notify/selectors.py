"""Reading notifications and webhook endpoints: whose inbox, whose endpoints."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from foodtrace.accounts.principals import require
from foodtrace.notify.models import Notification, WebhookEndpoint
from foodtrace.regions.scoping import ScopeLevel, scope_of

VIEW = "notify.view_notification"
CHANGE = "notify.change_notification"


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


def own_business_id(principal) -> int:
    """Only a business (its users or its own system) has endpoints, for itself (PermissionDenied otherwise)."""
    require(principal, CHANGE)
    scope = scope_of(principal)
    if scope.level != ScopeLevel.BUSINESS or scope.business_id is None:
        raise PermissionDenied(_("Only a business registers webhook endpoints, for itself."))
    return scope.business_id


def endpoints(principal):
    """The webhook endpoints of the principal's own business."""
    return WebhookEndpoint.objects.filter(business_id=own_business_id(principal))
