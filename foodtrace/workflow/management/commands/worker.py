"""``manage.py worker``: the platform's background worker (docs/workflow.md, docs/deploy.md).

django-tasks' database worker (``django_tasks_db``'s ``Worker``, what ``manage.py db_worker`` runs) does the
tasks; between its batches this command enqueues the periodic jobs that are due (``workflow.schedule``), since
django-tasks has no scheduler. Any number of workers may run on any number of machines: each task is claimed by
one worker, each periodic job enqueued once per interval.
"""

import logging
import signal
import time
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from foodtrace.workflow.schedule import enqueue_due


class Command(BaseCommand):
    help = ("Run the background worker: django-tasks' database worker plus the periodic jobs (webhook delivery, "
            "escalation of overdue cases). SIGTERM/SIGINT finish the current task and stop. --once: enqueue the "
            "due periodic jobs, run every ready task, exit.")

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="one pass: periodic jobs, ready tasks, then exit")
        parser.add_argument("--interval", type=float, default=1.0,
                            help="seconds to wait when no task is ready (default 1)")
        parser.add_argument("--queue-name", default="default", help="queues to work, comma-separated, or '*'")
        parser.add_argument("--worker-id", default="", help="unique id of this worker (default: random)")
        parser.add_argument("--now", default="",
                            help="the clock the periodic jobs use (ISO 8601 with offset): replays and tests only")

    def handle(self, *args, once=False, interval=1.0, queue_name="default", worker_id="", now="", **options):
        clock = None
        if now:
            try:
                clock = datetime.fromisoformat(now)
            except ValueError as exc:
                raise CommandError(f"--now must be ISO 8601: {exc}") from exc
            if timezone.is_naive(clock):
                raise CommandError("--now needs its UTC offset, e.g. 2026-12-03T09:00:00+08:00")
        worker_id = worker_id or get_random_string(32)
        if options.get("verbosity", 1) >= 1:  # say which task ran and how it ended (django-tasks-db logs it)
            for name in ("django_tasks_db", "django_tasks"):
                log = logging.getLogger(name)
                log.setLevel(logging.INFO)
                if not log.handlers:
                    log.addHandler(logging.StreamHandler(self.stdout))
                    log.propagate = False
        state = {"stopping": False, "worker": None}

        def stop(signum, frame):
            state["stopping"] = True
            if state["worker"] is not None:
                state["worker"].running = False  # finish the task at hand, then return

        if not once:
            signal.signal(signal.SIGTERM, stop)
            signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"worker {worker_id} started (queues: {queue_name})")
        while not state["stopping"]:
            close_old_connections()
            enqueued = enqueue_due(now=clock, worker_id=worker_id)
            if enqueued:
                self.stdout.write(f"enqueued {', '.join(enqueued)}")
            worker = Worker(queue_names=queue_name.split(","), interval=0, batch=True, backend_name="default",
                            startup_delay=False, max_tasks=None, worker_id=worker_id, excluded_queue_names=[])
            state["worker"] = worker
            worker.run()
            state["worker"] = None
            if once:
                break
            time.sleep(interval)
        self.stdout.write(f"worker {worker_id} stopped")
