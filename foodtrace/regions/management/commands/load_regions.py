from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from foodtrace.audit.context import acting_as_system
from foodtrace.regions.services import RegionFileError, regions_load


class Command(BaseCommand):
    help = "Load a city and its districts/counties from a CSV (columns: code, name[, name_en])."

    def add_arguments(self, parser):
        parser.add_argument("csv_path")

    def handle(self, *args, csv_path, **options):
        try:
            with acting_as_system(source="cli:load_regions"):
                city = regions_load(text=Path(csv_path).read_text(encoding="utf-8"))
        except RegionFileError as exc:
            raise CommandError("\n".join(exc.errors)) from exc
        self.stdout.write(self.style.SUCCESS(f"Loaded {city} with {city.divisions.count() - 1} divisions"))
