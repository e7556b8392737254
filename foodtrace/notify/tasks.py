"""Background work of notifications, run by the worker (``manage.py worker``; docs/workflow.md)."""

from datetime import timedelta

from django_tasks import task

from foodtrace.notify import delivery
from foodtrace.workflow.schedule import periodic


@task()
def deliver_webhooks(limit: int = 10) -> dict:
    """Send due webhook deliveries until none is due (each pass claims ``limit``; several workers share them)."""
    totals = delivery.PassResult()
    while True:
        result = delivery.deliver_due(limit=limit)
        for name in ("claimed", "delivered", "retrying", "failed"):
            setattr(totals, name, getattr(totals, name) + getattr(result, name))
        if not result.claimed:
            return vars(totals)


# Retries fall due without a new change: look every 30 seconds (a new change wakes the worker at once).
periodic("notify.deliver_webhooks", deliver_webhooks, every=timedelta(seconds=30))
