from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from foodtrace.audit.export import AuditExportMixin
from foodtrace.audit.labels import action_label, role_label
from foodtrace.audit.models import AuditEntry, AuditVerification
from foodtrace.audit.services import chain_verify

VERIFY_PERMISSION = "audit.verify_auditentry"


class ActionFilter(admin.SimpleListFilter):
    """The action filter with the actions' names, not their stored keys."""

    title = gettext_lazy("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        keys = AuditEntry.objects.order_by().values_list("action", flat=True).distinct()
        return sorted(((key, action_label(key)) for key in keys), key=lambda pair: pair[1])

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(AuditExportMixin, admin.ModelAdmin):
    """Read-only search for the audit administrator (审计管理员), with the chain verification button and the export."""

    list_display = ("chain_index", "at", "actor_name", "role", "source", "ip", "action_shown", "object_type",
                    "object_repr")
    list_filter = (ActionFilter, "source", "actor_type", "object_type", "at")
    search_fields = ("actor_name", "object_repr", "object_id", "ip")
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
    show_full_result_count = False
    change_list_template = "admin/audit/auditentry/change_list.html"

    @admin.display(description=gettext_lazy("role"), ordering="actor_role")
    def role(self, obj):
        return role_label(obj.actor_role)

    @admin.display(description=gettext_lazy("action"), ordering="action")
    def action_shown(self, obj):
        return action_label(obj.action)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        verify = self.admin_site.admin_view(require_POST(self.verify_view))
        return [path("verify/", verify, name="audit_auditentry_verify"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "may_verify": request.user.has_perm(VERIFY_PERMISSION),
                         "last_verifications": AuditVerification.objects.all()[:5]}
        return super().changelist_view(request, extra_context)

    def verify_view(self, request):
        if not request.user.has_perm(VERIFY_PERMISSION):
            raise PermissionDenied(_("Your role may not verify the audit chain."))
        run, _report = chain_verify(actor=request.user)
        if run.ok:
            messages.success(request, _("The audit chain is intact: %(n)d entries checked.") % {"n": run.checked})
        else:
            messages.error(request, _("The audit chain is BROKEN: %(k)d problem(s), the first at entry #%(first)s. "
                                      "Entries may have been changed or removed.")
                           % {"k": len(run.problems), "first": run.first_bad_index})
        return redirect("admin:audit_auditentry_changelist")
