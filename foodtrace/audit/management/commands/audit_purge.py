from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from foodtrace.audit.context import acting_as_system
from foodtrace.audit.models import AuditEntry
from foodtrace.audit.recorder import record


class Command(BaseCommand):
    help = "Delete audit entries older than the retention period (at least 6 months), keeping the chain verifiable."

    def handle(self, *args, **options):
        cutoff = timezone.now() - timedelta(days=settings.AUDIT_RETENTION_DAYS)
        last = AuditEntry.objects.filter(at__lt=cutoff).order_by("-chain_index").values(
            "chain_index", "entry_hash").first()
        if not last:
            self.stdout.write("nothing older than the retention period")
            return
        with transaction.atomic(), acting_as_system(source="cli:audit_purge"):
            # The purge entry vouches for the hash the first kept entry follows.
            record(action="purge", object_type="audit.auditentry",
                   changes={"up_to_index": last["chain_index"], "up_to_hash": last["entry_hash"],
                            "before": cutoff.isoformat()})
            with connection.cursor() as cursor:
                # The database trigger still refuses anything younger than the retention period.
                cursor.execute("DELETE FROM audit_auditentry WHERE chain_index <= %s", [last["chain_index"]])
        self.stdout.write(f"purged entries up to #{last['chain_index']}")
