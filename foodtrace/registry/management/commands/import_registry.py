from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from foodtrace.audit.context import acting_as
from foodtrace.registry import imports


class Command(BaseCommand):
    help = ("Import businesses, licences or products from an .xlsx or .csv file as a user: every row or "
            "none, with every problem listed.")

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=imports.IMPORT_KINDS)
        parser.add_argument("file")
        parser.add_argument("--as", dest="username", required=True, metavar="USERNAME",
                            help="the user the import is done as: their role and area apply, and the audit "
                                 "trail names them")

    def handle(self, *args, kind, file, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None or not user.is_active:
            raise CommandError(f"no active user {username!r}")
        path = Path(file)
        try:
            with path.open("rb") as handle:
                # One byte past the limit is enough for the engine to refuse an oversized file.
                content = handle.read(imports.MAX_BYTES + 1)
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror or exc}") from exc
        try:
            with acting_as(user, source="cli:import_registry"):
                report = imports.registry_import(actor=user, kind=kind, filename=path.name, content=content)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        if not report.ok:
            for error in report.errors:
                self.stderr.write(f"row {error.row}, column {error.column}: {error.message}")
            raise CommandError(f"{len(report.errors)} error(s) in {path.name}; nothing imported")
        self.stdout.write(self.style.SUCCESS(f"imported {report.imported} rows"))
        if report.flagged:
            self.stdout.write(self.style.WARNING(
                f"{report.flagged} USCC(s) fail the check character and are flagged for review"))
