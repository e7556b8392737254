import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

from foodtrace.notify import delivery


class Command(BaseCommand):
    help = ("Send pending webhook deliveries (signed POSTs) with retries and back-off. Runs until stopped "
            "(SIGTERM/SIGINT finish the current batch); with --once, until nothing is due. Several workers may "
            "run on PostgreSQL (SELECT … FOR UPDATE SKIP LOCKED); run one on SQLite.")

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="send what is due now, then exit")
        parser.add_argument("--batch", type=int, default=10, help="deliveries claimed per pass (default 10)")
        parser.add_argument("--idle", type=float, default=5.0,
                            help="seconds to wait when nothing is due (default 5)")
        parser.add_argument("--timeout", type=float, default=delivery.TIMEOUT_SECONDS,
                            help=f"HTTP timeout in seconds (default {delivery.TIMEOUT_SECONDS})")

    def handle(self, *args, once=False, batch=10, idle=5.0, timeout=delivery.TIMEOUT_SECONDS, **options):
        stopping = []

        def stop(signum, frame):
            stopping.append(signum)

        if not once:
            signal.signal(signal.SIGTERM, stop)
            signal.signal(signal.SIGINT, stop)
        totals = delivery.PassResult()
        while not stopping:
            if not connection.in_atomic_block:  # a long-running worker drops broken or expired connections
                close_old_connections()
            result = delivery.deliver_due(limit=max(1, batch), timeout=timeout)
            for name in ("claimed", "delivered", "retrying", "failed"):
                setattr(totals, name, getattr(totals, name) + getattr(result, name))
            if result.claimed:
                self.stdout.write(f"claimed {result.claimed}: delivered {result.delivered}, "
                                  f"retrying {result.retrying}, failed {result.failed}")
                continue
            if once:
                break
            time.sleep(idle)
        self.stdout.write(f"done: delivered {totals.delivered}, retrying {totals.retrying}, "
                          f"failed {totals.failed}")
