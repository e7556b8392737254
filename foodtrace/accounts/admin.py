"""Users and API clients in the back office, with the three administrators' duties kept apart."""

from axes.utils import reset as axes_reset
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from foodtrace.accounts.models import ApiClient, User
from foodtrace.regions.admin_scoping import ScopedAdmin

ROLE_FIELDS = ("role", "region", "business")

# Permissions come from roles, not groups; authenticators are reset from the user list by the security
# administrator, so neither gets an unscoped page of its own.
admin.site.unregister(Group)
admin.site.unregister(TOTPDevice)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "last_name", "first_name", "role", "region", "business", "is_active",
                    "must_change_password", "last_login")
    list_filter = ("role", "is_active", "region")
    search_fields = ("username", "first_name", "last_name", "email")
    autocomplete_fields = ("business",)
    actions = ["unlock_accounts", "reset_second_factor"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("last_name", "first_name", "email")}),
        (_("Role and scope"), {"fields": ROLE_FIELDS}),
        (_("State"), {"fields": ("is_active", "must_change_password", "password_changed_at", "last_login",
                                 "date_joined", "is_demo")}),
    )
    add_fieldsets = ((None, {"fields": ("username", "password1", "password2")}),)
    readonly_fields = ("password_changed_at", "last_login", "date_joined", "is_demo")

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if not request.user.has_perm("accounts.assign_role"):
            fields += ROLE_FIELDS  # the system administrator creates accounts; roles are the security admin's
        if not request.user.has_perm("accounts.change_user"):
            # The security administrator assigns roles but does not edit people or passwords.
            fields += ["username", "last_name", "first_name", "email", "is_active", "must_change_password"]
        return fields

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("accounts.change_user") or request.user.has_perm("accounts.assign_role")

    def has_delete_permission(self, request, obj=None):
        return False  # accounts are deactivated, never deleted: the audit trail refers to them

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("accounts.unlock_account"):
            actions.pop("unlock_accounts", None)
            actions.pop("reset_second_factor", None)
        return actions

    @admin.action(description=_("Unlock selected accounts (clear failed log-ins)"))
    def unlock_accounts(self, request, queryset):
        for user in queryset:
            axes_reset(username=user.username)
        messages.success(request, _("Unlocked %(n)d account(s).") % {"n": queryset.count()})

    @admin.action(description=_("Reset second factor (user enrols again at next log-in)"))
    def reset_second_factor(self, request, queryset):
        removed = 0
        for device in TOTPDevice.objects.filter(user__in=queryset):
            device.delete()
            removed += 1
        messages.success(request, _("Removed %(n)d authenticator(s).") % {"n": removed})


@admin.register(ApiClient)
class ApiClientAdmin(ScopedAdmin):
    list_display = ("name", "key_prefix", "role", "region", "business", "rate_per_minute", "created_at",
                    "last_used_at", "revoked_at")
    list_filter = ("role",)
    search_fields = ("name", "key_prefix")
    readonly_fields = ("key_prefix", "created_at", "created_by", "last_used_at")
    autocomplete_fields = ("business",)
    actions = ["revoke_keys"]

    @admin.action(description=_("Revoke the selected keys"), permissions=["change"])
    def revoke_keys(self, request, queryset):
        revoked = 0
        for api_client in queryset.filter(revoked_at__isnull=True):
            api_client.revoked_at = timezone.now()
            api_client.save()  # one by one, so each revocation is in the audit trail
            revoked += 1
        messages.success(request, _("Revoked %(n)d key(s).") % {"n": revoked})

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            key = obj.issue_key()
            messages.warning(request, _("The new key, shown only this once: %(key)s") % {"key": key})
        super().save_model(request, obj, form, change)
