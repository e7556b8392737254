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
