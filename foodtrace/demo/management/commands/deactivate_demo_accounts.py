"""`manage.py deactivate_demo_accounts`: what a production start requires (see foodtrace/startup.py)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from foodtrace.audit.context import acting_as_system
from foodtrace.demo.accounts import deactivate_demo_accounts


class Command(BaseCommand):
    help = "Deactivate every demo account and revoke the demo API clients (needed before a production start)."

    def handle(self, *args, **options):
        # Ordinary saves, so each deactivation and revocation is its own audit entry.
        with acting_as_system(source="cli:deactivate_demo_accounts"), transaction.atomic():
            users, clients = deactivate_demo_accounts()
        if not users and not clients:
            self.stdout.write("No active demo accounts or API clients.")
            return
        self.stdout.write(self.style.SUCCESS(
            f"Deactivated {len(users)} demo account(s) and revoked {len(clients)} demo API client(s)."))
        for name in users:
            self.stdout.write(f"  user {name}")
        for name in clients:
            self.stdout.write(f"  API client {name}")
