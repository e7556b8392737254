"""Notifications and webhooks in the back office: read-only, scoped like every other door."""

from django.contrib import admin

from foodtrace.notify.models import Notification, WebhookDelivery, WebhookEndpoint
from foodtrace.regions.admin_scoping import ScopedAdmin


class ReadOnlyScopedAdmin(ScopedAdmin):
    # Written by services (notify, recall) and the worker, never edited by hand.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyScopedAdmin):
    list_display = ("title", "kind", "business", "region", "created_at", "read_at")
    list_filter = ("kind",)
    search_fields = ("title",)
    list_select_related = ("business", "region")
    date_hierarchy = "created_at"


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(ReadOnlyScopedAdmin):
    list_display = ("url", "business", "active", "created_at")
    list_select_related = ("business",)
    exclude = ("secret",)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyScopedAdmin):
    list_display = ("id", "event_type", "endpoint", "status", "attempts", "next_attempt_at", "delivered_at")
    list_filter = ("status", "event_type")
    list_select_related = ("endpoint",)
