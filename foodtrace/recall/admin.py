"""Recalls in the back office: read-only (a recall is started and steered on its pages or through the API,
which compute the affected set and notify), scoped like every other door."""

from django.contrib import admin

from foodtrace.recall.models import Recall, RecallLot, RecallParty
from foodtrace.regions.admin_scoping import ScopedAdmin


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class LotInline(ReadOnlyInline):
    model = RecallLot
    fields = ("code", "key")


@admin.register(Recall)
class RecallAdmin(ScopedAdmin):
    list_display = ("number", "level", "status", "district", "created_at", "start_deadline", "finish_deadline")
    list_filter = ("status", "level")
    search_fields = ("number", "reason")
    list_select_related = ("district",)
    inlines = [LotInline]
    # Unregistered receivers are for the steering region only (the recall page shows them there).
    exclude = ("unresolved_parties",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RecallParty)
class RecallPartyAdmin(ScopedAdmin):
    list_display = ("recall", "business", "quantity_affected", "uom", "acknowledged_at", "started_at",
                    "quantity_recovered", "quantity_destroyed", "completed_at")
    list_select_related = ("recall", "business")
    search_fields = ("recall__number", "business__name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
