from django.core.management.base import BaseCommand

from foodtrace.accounts.roles import roles_markdown


class Command(BaseCommand):
    help = "Print the role table (docs/roles.md is this output)."

    def handle(self, *args, **options):
        self.stdout.write(roles_markdown(), ending="")
