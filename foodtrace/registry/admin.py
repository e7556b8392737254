
"""The registry in the back office, scoped like every other door."""

from django.contrib import admin
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from foodtrace.identifiers import mask_name, mask_phone
from foodtrace.regions.admin_scoping import ScopedAdmin
from foodtrace.registry.models import Business, Licence, LicenceStatus, Location, Product, ProductCategory


class LicenceInline(admin.TabularInline):
    model = Licence
    extra = 0
    fields = ("number", "kind", "valid_from", "valid_until", "status")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Business)
class BusinessAdmin(ScopedAdmin):
    list_display = ("name", "uscc", "uscc_flag", "kind", "district", "masked_contact", "masked_phone", "status")
    list_filter = ("kind", "status", "uscc_check_ok", ("district", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "uscc", "address")
    list_select_related = ("district",)
    readonly_fields = ("uscc_check_ok", "created_at", "updated_at")
    autocomplete_fields = ("market",)
    inlines = [LicenceInline]
    fieldsets = (
        (None, {"fields": ("uscc", "uscc_check_ok", "name", "kind", "district", "market", "status")}),
        (_("Address"), {"fields": ("address", "latitude", "longitude")}),
        (_("Responsible persons (encrypted)"), {"fields": ("legal_representative", "contact_name", "contact_phone")}),
        (_("Record"), {"fields": ("created_at", "updated_at")}),
    )

    @admin.display(description=_("contact person"))
    def masked_contact(self, obj):
        return mask_name(obj.contact_name)

    @admin.display(description=_("contact phone"))
    def masked_phone(self, obj):
        return mask_phone(obj.contact_phone)

    @admin.display(description=_("USCC check"), boolean=True)
    def uscc_flag(self, obj):
        return obj.uscc_check_ok


class EffectiveStatusFilter(admin.SimpleListFilter):
    """By the status a licence has today (expiring and expired follow from valid_until), not only the stored one:
    ``?status=expiring`` as on the licence list page (foodtrace/registry/licence_views.py)."""

    title = _("effective status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return LicenceStatus.choices

    def queryset(self, request, queryset):
        if self.value() in LicenceStatus.values:  # annotated by LicenceAdmin.get_queryset
            return queryset.filter(effective_status=self.value())
        return queryset


@admin.register(Licence)
class LicenceAdmin(ScopedAdmin):
    list_display = ("number", "kind", "business", "valid_from", "valid_until", "status", "effective")
    # The district filter is what the city administrator's workbench links to, one district at a time.
    list_filter = ("kind", EffectiveStatusFilter, ("business__district", admin.RelatedOnlyFieldListFilter))
    search_fields = ("number", "business__name")
    list_select_related = ("business",)
    autocomplete_fields = ("business",)
    readonly_fields = ("area_code", "created_at", "updated_at", "timeline")

    @admin.display(description=_("status timeline"))
    def timeline(self, obj):
        # The one timeline partial every case uses (workflow/timeline.html).
        if obj is None or obj.pk is None:
            return "—"
        return render_to_string("workflow/timeline.html", {"entries": obj.status_changes.order_by("at", "id")})

    def get_queryset(self, request):
        # The effective status computed in the query (the annotation shadows the model's method on each row).
        return super().get_queryset(request).with_effective_status()

    @admin.display(description=_("effective status"), ordering="effective_status")
    def effective(self, obj):
        status = obj.effective_status if isinstance(obj.effective_status, str) else obj.effective_status()
        return LicenceStatus(status).label if status in LicenceStatus.values else status

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        # Status changes go through licence_change_status (with a reason), via the API or its action.
        if obj is not None:
            fields.append("status")
        return fields


@admin.register(ProductCategory)
class ProductCategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "parent")
    search_fields = ("code", "name")


@admin.register(Product)
class ProductAdmin(ScopedAdmin):
    list_display = ("name", "specification", "category", "gtin", "business", "is_active")
    list_filter = ("category", "is_active")
    search_fields = ("name", "gtin", "business__name")
    list_select_related = ("business", "category")
    autocomplete_fields = ("business",)


@admin.register(Location)
class LocationAdmin(ScopedAdmin):
    list_display = ("code", "name", "kind", "business", "gln", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name", "gln", "business__name")
    list_select_related = ("business",)
    autocomplete_fields = ("business",)
