"""Every year the chinesecalendar package knows (2004 to its last year) goes into the calendar table.

Later package upgrades bring new years through ``manage.py workdays_seed``, which never touches a year
already in the table (a year entered or corrected by hand wins).
"""

from django.db import migrations

from foodtrace.workdays.seed import seed


def load(apps, schema_editor):
    seed(apps.get_model("workdays", "CalendarYear"), apps.get_model("workdays", "CalendarDay"))


def unload(apps, schema_editor):
    apps.get_model("workdays", "CalendarYear").objects.filter(source="seeded").delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_calendar")]
    operations = [migrations.RunPython(load, unload)]
