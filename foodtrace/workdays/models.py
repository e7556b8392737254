"""The working-day calendar (工作日历): which days of a year are off although they are weekdays (法定节假日)
and which weekend days are working days (调休上班), per year the State Council has announced.

A year is "known" once it has a ``CalendarYear`` row; its exceptions are the ``CalendarDay`` rows. Every
other day follows the plain rule (Monday–Friday work, Saturday–Sunday off). A year without a row is
counted by that plain rule too, but never silently: see ``selectors.missing_years`` and ``clock``.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarYear(models.Model):
    class Source(models.TextChoices):
        SEEDED = "seeded", _("Seeded from the chinese-calendar package")
        MANUAL = "manual", _("Entered by hand")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices, default=Source.MANUAL)
    # e.g. 国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）
    note = models.TextField(_("notice"), blank=True,
                            help_text=_("The State Council notice this year's arrangement comes from "
                                        "(title and number)."))
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")

    def __str__(self):
        return str(self.year)

    def clean(self):
        if self.year is not None and not 1990 <= self.year <= 2100:
            raise ValidationError({"year": _("Enter a year between 1990 and 2100.")})


class CalendarDay(models.Model):
    """One exception to the weekday rule: a day off (holiday) or a weekend working day (make-up day)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Holiday (day off)")  # 法定节假日放假
        MAKEUP = "makeup", _("Make-up working day")  # 调休上班

    year = models.ForeignKey(CalendarYear, on_delete=models.CASCADE, related_name="days",
                             verbose_name=_("year"))
    day = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    # The holiday it belongs to (春节, 国庆节); for a make-up day, the holiday it makes up for.
    name = models.CharField(_("holiday"), max_length=100)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["day"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self):
        return f"{self.day.isoformat()} {self.name} ({self.get_kind_display()})"

    def clean(self):
        errors = {}
        if self.day and self.year_id and self.year.year != self.day.year:
            errors["day"] = _("The date must lie in the year %(year)s.") % {"year": self.year.year}
        if self.day and self.kind == self.Kind.MAKEUP and self.day.weekday() < 5:
            # A weekday is a working day anyway; a make-up day is a Saturday or Sunday worked instead.
            errors["kind"] = _("A make-up working day must be a Saturday or a Sunday.")
        if errors:
            raise ValidationError(errors)
