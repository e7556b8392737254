"""The calendar in the back office: the system administrator enters a year's State Council notice by hand
(one page: the year, the notice, its holidays and make-up working days). Every save is audited by the
model signals (foodtrace.audit.signals); the clock notices the change at once."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext_lazy as _

from foodtrace.workdays.models import CalendarDay, CalendarYear


class DayInlineFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        year = getattr(self.instance, "year", None)
        if not year:
            return
        for form in self.forms:
            day = form.cleaned_data.get("day") if hasattr(form, "cleaned_data") else None
            if day and not form.cleaned_data.get("DELETE") and day.year != year:
                form.add_error("day", ValidationError(_("The date must lie in the year %(year)s.") % {"year": year}))


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    formset = DayInlineFormSet
    fields = ("day", "kind", "name")
    extra = 3


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ("year", "source", "holiday_count", "makeup_count", "note", "updated_at")
    list_filter = ("source",)
    search_fields = ("year", "note")
    fields = ("year", "note", "source", "updated_at")
    readonly_fields = ("source", "updated_at")
    inlines = [CalendarDayInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            holidays=Count("days", filter=Q(days__kind=CalendarDay.Kind.HOLIDAY)),
            makeups=Count("days", filter=Q(days__kind=CalendarDay.Kind.MAKEUP)))

    @admin.display(description=_("days off"), ordering="holidays")
    def holiday_count(self, obj):
        return obj.holidays

    @admin.display(description=_("make-up working days"), ordering="makeups")
    def makeup_count(self, obj):
        return obj.makeups

    def get_readonly_fields(self, request, obj=None):
        # The year of an existing row stays: its days hang on it.
        return (*self.readonly_fields, "year") if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        # Whatever the back office writes is the administrator's, even a correction of a seeded year.
        obj.source = CalendarYear.Source.MANUAL
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        # A year row is what makes the year "known"; removing it would silently turn its holidays into
        # working days for every later deadline. Correct its days instead.
        return False


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("day", "weekday", "kind", "name", "year")
    list_filter = ("kind", "year")
    search_fields = ("name",)
    date_hierarchy = "day"

    @admin.display(description=_("weekday"))
    def weekday(self, obj):
        return WEEKDAYS_ABBR[obj.day.weekday()]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        mark_manual(obj.year)

    def delete_model(self, request, obj):
        year = obj.year
        super().delete_model(request, obj)
        mark_manual(year)


def mark_manual(year: CalendarYear) -> None:
    """A year whose days the administrator changed is the administrator's (saved, so audited)."""
    if year.source != CalendarYear.Source.MANUAL:
        year.source = CalendarYear.Source.MANUAL
        year.save(update_fields=["source", "updated_at"])
