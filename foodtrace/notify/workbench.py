"""Workbench item of the webhook outbox: a business's endpoint whose deliveries fail (its own system misses
recall notices and other messages until it is fixed)."""

from datetime import timedelta

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.translation import ngettext

from foodtrace import workbench
from foodtrace.accounts.roles import Role
from foodtrace.notify.models import WebhookDelivery

RECENT = timedelta(days=7)


@workbench.provider(roles=[Role.BUSINESS_USER], permission="notify.view_notification")
def failing_webhooks(ctx):
    """Deliveries given up in the last week, or still being retried after a failed attempt."""
    failing = Q(status=WebhookDelivery.Status.FAILED, created_at__gte=ctx.now - RECENT) | Q(
        status=WebhookDelivery.Status.PENDING, attempts__gt=0)
    counts = (WebhookDelivery.objects.restrict(ctx.user).filter(failing)
              .aggregate(n=Count("pk"), endpoints=Count("endpoint", distinct=True), since=Min("created_at")))
    if not counts["n"]:
        return
    yield workbench.Item(
        key="notify.webhooks_failing", count=counts["n"], url=reverse("notify:webhooks"),
        urgency=workbench.Urgency.OVERDUE,
        title=ngettext("message could not be delivered to your system's webhook",
                       "messages could not be delivered to your system's webhook", counts["n"]),
        detail=ngettext("%(n)d endpoint is affected; check its URL and that it answers 2xx.",
                        "%(n)d endpoints are affected; check their URLs and that they answer 2xx.",
                        counts["endpoints"]) % {"n": counts["endpoints"]})
