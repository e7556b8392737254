from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "foodtrace.workdays"
    verbose_name = _("Working-day calendar")
    audited = True  # the calendar decides every deadline: each change of a year or a day is recorded

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from foodtrace.workdays.clock import forget_calendar
        from foodtrace.workdays.models import CalendarDay, CalendarYear

        for model in (CalendarYear, CalendarDay):
            post_save.connect(forget_calendar, sender=model, dispatch_uid=f"workdays-forget-save-{model.__name__}")
            post_delete.connect(forget_calendar, sender=model,
                                dispatch_uid=f"workdays-forget-delete-{model.__name__}")
        # Reads the table, so it runs where the database is checked (migrate, check --database), not on import.
        checks.register(check_calendar_years, checks.Tags.database)


def check_calendar_years(app_configs=None, databases=None, **kwargs):
    """A year whose holiday notice is missing makes deadlines skip only weekends; say so at deployment."""
    if not databases:
        return []
    from django.db import DatabaseError

    from foodtrace.workdays.selectors import missing_years

    try:
        missing = missing_years()
    except DatabaseError:  # not migrated yet
        return []
    if not missing:
        return []
    return [checks.Warning(
        f"The working-day calendar does not know {', '.join(map(str, missing))}: deadlines counted into "
        "these years skip only Saturdays and Sundays.",
        hint="Enter the State Council's holiday notice in the back office (Working-day calendar → calendar "
             "years), or upgrade chinesecalendar and run manage.py workdays_seed. See docs/calendar.md.",
        id="foodtrace.workdays.W001")]
