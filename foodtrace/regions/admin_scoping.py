"""Scoping for the back office: the same ``restrict`` as everywhere else, applied to admin pages."""

from django.contrib import admin

from foodtrace.regions.scoping import ScopedQuerySet


class ScopedAdmin(admin.ModelAdmin):
    """Lists, detail pages, search and foreign-key choices all go through ``restrict(request.user)``."""

    def get_queryset(self, request):
        return self.model._default_manager.get_queryset().restrict(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        queryset = related._default_manager.get_queryset()
        if isinstance(queryset, ScopedQuerySet):
            kwargs["queryset"] = queryset.restrict(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        # Records are kept for the legal retention period; they end by status, not deletion.
        return False
