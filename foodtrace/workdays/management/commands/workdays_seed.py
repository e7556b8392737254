"""Add the years a newer chinesecalendar package knows to the calendar table (never overwrites a year)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from foodtrace.audit.recorder import record_bulk
from foodtrace.workdays.models import CalendarDay, CalendarYear
from foodtrace.workdays.seed import package_version, seed


class Command(BaseCommand):
    help = "Add the years the installed chinesecalendar package knows and the calendar table does not."

    def handle(self, *args, **options):
        with transaction.atomic():
            added = seed(CalendarYear, CalendarDay)
            if added:
                count = CalendarDay.objects.filter(year__year__in=added).count()
                record_bulk(action="create", model=CalendarDay, count=count,
                            detail={"years": added, "source": f"chinesecalendar {package_version()}"})
        if added:
            self.stdout.write(f"Added {', '.join(map(str, added))}.")
        else:
            self.stdout.write("Nothing to add: the table already has every year the package knows.")
