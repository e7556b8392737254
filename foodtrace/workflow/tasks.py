"""Background work of the workflow, run by the worker (``manage.py worker``)."""

from datetime import datetime, timedelta

from django_tasks import task

from foodtrace.workflow.escalation import escalate_overdue
from foodtrace.workflow.schedule import periodic


@task()
def escalate_overdue_cases(now: str | None = None) -> dict:
    """Escalate every overdue case (``now``: ISO 8601, the worker's clock; the current time when omitted)."""
    return escalate_overdue(datetime.fromisoformat(now) if now else None)


# Deadlines are at a minute's precision at best (most at 24:00 of a working day): every five minutes is enough.
periodic("workflow.escalate_overdue", escalate_overdue_cases, every=timedelta(minutes=5), pass_now=True)


@task()
def prune_task_results(min_age_days: int = 7) -> str:
    """Delete finished task results older than ``min_age_days`` (django-tasks-db keeps every one; the periodic
    jobs alone add thousands a day). Failed ones are kept as long, for whoever looks into them."""
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("prune_db_task_results", min_age_days=min_age_days, stdout=out)
    return out.getvalue().strip()


periodic("workflow.prune_task_results", prune_task_results, every=timedelta(days=1))
