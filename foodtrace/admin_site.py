"""The themed back office (管理后台): Chinese titles, role-aware index."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class FoodTraceAdminSite(admin.AdminSite):
    site_header = _("FoodTrace back office")
    site_title = _("FoodTrace")
    index_title = _("Administration")
    enable_nav_sidebar = True

    def has_permission(self, request):
        # Any active user whose role grants at least one back-office permission
        # may enter; the role table decides what they then see.
        user = request.user
        return bool(user.is_active and user.is_authenticated and user.is_staff)


class FoodTraceAdminConfig(AdminConfig):
    default_site = "foodtrace.admin_site.FoodTraceAdminSite"
