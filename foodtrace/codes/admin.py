"""Trace codes in the back office: read and correct, scoped like every other door; issuing is not done here."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from foodtrace.codes.models import TraceCode
from foodtrace.regions.admin_scoping import ScopedAdmin


@admin.register(TraceCode)
class TraceCodeAdmin(ScopedAdmin):
    list_display = ("__str__", "kind", "product", "business", "parent", "quantity", "uom", "production_date",
                    "created_at")
    list_filter = ("kind",)
    search_fields = ("code", "key", "business__name", "product__name")
    list_select_related = ("product", "business", "parent")
    date_hierarchy = "created_at"
    # The identity of a code and where it came from are facts recorded with its events: never edited.
    readonly_fields = ("code", "key", "kind", "business", "parent", "created_at", "created_by", "api_client")
    fieldsets = (
        (None, {"fields": ("code", "key", "kind", "business", "product", "parent")}),
        (_("Quantity and dates"), {"fields": ("quantity", "uom", "production_date", "expiry_date")}),
        (_("Record"), {"fields": ("created_at", "created_by", "api_client")}),
    )

    def has_add_permission(self, request):
        # Issuing captures the commissioning event too; that is the API's (and services') job, not a bare form.
        return False
