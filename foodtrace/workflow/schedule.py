"""Periodic jobs for the worker (django-tasks has no scheduler).

A package declares ``periodic(name, task, every=...)`` in its ``tasks.py``; each worker (``manage.py worker``)
calls ``enqueue_due`` between batches. A job is enqueued once per interval however many workers run: the
worker whose conditional UPDATE moves the job's ``next_run_at`` forward (a compare-and-set that the database
serialises, on SQLite and PostgreSQL alike) enqueues it, in the same transaction, and the others see 0 rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Periodic:
    name: str
    task: object  # a django_tasks Task
    every: timedelta
    pass_now: bool = False  # give the task the worker's clock as ``now`` (ISO 8601), for replays and tests


_JOBS: dict[str, Periodic] = {}


def periodic(name: str, task, *, every: timedelta, pass_now: bool = False) -> Periodic:
    job = Periodic(name, task, every, pass_now)
    _JOBS[name] = job
    return job


def periodic_jobs() -> list[Periodic]:
    """Every declared job: each installed app's ``tasks.py`` is imported first (where the jobs are declared)."""
    autodiscover_modules("tasks")
    return list(_JOBS.values())


def _claim(job: Periodic, now: datetime, worker_id: str) -> bool:
    from foodtrace.workflow.models import PeriodicJob

    try:
        with transaction.atomic():
            PeriodicJob.objects.get_or_create(name=job.name, defaults={"next_run_at": now})
    except IntegrityError:  # another worker created it at the same moment
        pass
    return PeriodicJob.objects.filter(name=job.name, next_run_at__lte=now).update(
        next_run_at=now + job.every, last_enqueued_at=now, last_worker=worker_id[:64]) == 1


def enqueue_due(*, now: datetime | None = None, worker_id: str = "") -> list[str]:
    """Enqueue the periodic jobs that are due; returns their names."""
    now = now or timezone.now()
    enqueued = []
    for job in periodic_jobs():
        with transaction.atomic():
            if _claim(job, now, worker_id):
                job.task.enqueue(**({"now": now.isoformat()} if job.pass_now else {}))
                enqueued.append(job.name)
    return enqueued
