"""The calendar's starting data: the holiday arrangements the ``chinesecalendar`` package (LGPL/MIT, kept up
to date from the State Council's yearly notices) knows, from 2004 to its last year.

Used by the data migration (with historical models) and by ``manage.py workdays_seed`` after the package
is upgraded. A year already in the table is never touched: a year the system administrator entered or
corrected by hand wins over the package.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class SeedDay:
    day: date
    kind: str  # CalendarDay.Kind values
    name: str  # Chinese name of the holiday


def package_version() -> str:
    try:
        from importlib.metadata import version

        return version("chinesecalendar")
    except Exception:  # only a label for the note
        return "?"


def package_days() -> dict[int, list[SeedDay]]:
    """Every year the package knows, with its holidays and make-up working days (names in Chinese)."""
    from chinese_calendar import Holiday, constants

    chinese = {holiday.value: holiday.chinese for holiday in Holiday}
    years: dict[int, list[SeedDay]] = {}
    for kind, table in (("holiday", constants.holidays), ("makeup", constants.workdays)):
        for day, name in table.items():
            years.setdefault(day.year, []).append(SeedDay(day, kind, chinese.get(name, name)))
    for days in years.values():
        days.sort(key=lambda d: d.day)
    return years


def seed(year_model, day_model, *, years: Iterable[int] | None = None) -> list[int]:
    """Insert the package's years that the table does not have yet; returns the years added.

    Bulk inserts: the seed is a system act recorded by the caller (a migration, or the command's own
    audit entry), not hundreds of single-row audit entries.
    """
    known = set(year_model.objects.values_list("year", flat=True))
    wanted = package_days()
    if years is not None:
        wanted = {y: days for y, days in wanted.items() if y in set(years)}
    note = f"chinesecalendar {package_version()}: 国务院办公厅关于部分节假日安排的通知"
    added = [year for year in sorted(wanted) if year not in known]
    year_model.objects.bulk_create([year_model(year=year, source="seeded", note=note) for year in added])
    ids = dict(year_model.objects.filter(year__in=added).values_list("year", "pk"))
    day_model.objects.bulk_create([day_model(year_id=ids[year], day=d.day, kind=d.kind, name=d.name)
                                   for year in added for d in wanted[year]])
    return added
