from django.contrib import admin

from foodtrace.regions.admin_scoping import ScopedAdmin
from foodtrace.regions.models import Region


@admin.register(Region)
class RegionAdmin(ScopedAdmin):
    list_display = ("code", "name", "name_en", "level", "city")
    list_filter = ("level",)
    search_fields = ("code", "name")

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj else ()
