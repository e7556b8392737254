from django.contrib import admin

from foodtrace.audit.export import AuditExportMixin
from foodtrace.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(AuditExportMixin, admin.ModelAdmin):
    """Read-only search for the audit administrator (审计管理员)."""

    list_display = ("chain_index", "at", "actor_name", "actor_role", "source", "ip", "action", "object_type",
                    "object_repr")
    list_filter = ("action", "source", "actor_type", "object_type", "at")
    search_fields = ("actor_name", "object_repr", "object_id", "ip")
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
