"""The webhook worker: claim due deliveries, POST them signed, record the outcome, back off on failure.

Claiming is one short transaction: ``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL (so any number of
workers take disjoint batches), then the claimed rows get a lease (``next_attempt_at`` moved past the
time the batch can take) and their attempt counted. The POSTs happen outside any transaction; a worker
that dies mid-batch leaves rows whose lease runs out and are claimed again. Delivery is therefore
at-least-once: receivers deduplicate on the delivery ``id`` (also in ``X-FoodTrace-Delivery``).
SQLite has no row locks; there one worker runs (its write lock still keeps two from claiming together).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from foodtrace.notify.models import WebhookDelivery

TIMEOUT_SECONDS = 10
MAX_ATTEMPTS = 8
# Wait after attempt n (1-based) before attempt n + 1: 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h.
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2),
           timedelta(hours=6), timedelta(hours=12), timedelta(hours=24))
SIGNATURE_HEADER = "X-FoodTrace-Signature"
USER_AGENT = "FoodTrace-Webhook/1.0"
Status = WebhookDelivery.Status


@dataclass
class PassResult:
    claimed: int = 0
    delivered: int = 0
    retrying: int = 0
    failed: int = 0


def backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt."""
    return BACKOFF[min(max(attempts, 1), len(BACKOFF)) - 1]


def body_of(delivery: WebhookDelivery) -> bytes:
    """The exact bytes POSTed and signed: compact, key-sorted UTF-8 JSON of the envelope."""
    envelope = {"id": delivery.pk, "type": delivery.event_type, **delivery.payload}
    return json.dumps(envelope, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sign(secret: str, body: bytes) -> str:
    """``sha256=`` + hex HMAC-SHA256 of the body, keyed with the endpoint's secret (its UTF-8 bytes)."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def claim(*, now, limit: int, lease: timedelta) -> list[WebhookDelivery]:
    """Take up to ``limit`` due deliveries for this worker; their attempt is counted now."""
    with transaction.atomic():
        due = (WebhookDelivery.objects.filter(status=Status.PENDING, next_attempt_at__lte=now)
               .order_by("next_attempt_at", "id"))
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True, of=("self",))
        rows = list(due.select_related("endpoint")[:limit])
        if rows:
            WebhookDelivery.objects.filter(pk__in=[r.pk for r in rows]).update(
                attempts=F("attempts") + 1, next_attempt_at=now + lease)
    for row in rows:
        row.attempts += 1
    return rows


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirect is a failure: following it would let a receiver point the platform at another address.
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def post(url: str, body: bytes, headers: dict, *, timeout: float = TIMEOUT_SECONDS) -> tuple[int | None, str]:
    """(HTTP status or None, error text or "")."""
    if not url.lower().startswith(("http://", "https://")):
        return None, "not an http(s) URL"
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 (checked)
    opener = urllib.request.build_opener(_NoRedirects)
    try:
        with opener.open(request, timeout=timeout) as response:
            response.read(1024)
            return response.status, ""
    except urllib.error.HTTPError as exc:
        detail = exc.read(300).decode("utf-8", errors="replace") if exc.fp else ""
        return exc.code, f"HTTP {exc.code} {exc.reason}: {detail}".strip()
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return None, f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}"


def deliver(delivery: WebhookDelivery, *, now, timeout: float = TIMEOUT_SECONDS) -> str:
    """POST one claimed delivery and record the outcome; returns its new status."""
    endpoint = delivery.endpoint
    if not endpoint.active:
        status, error = None, "endpoint deactivated"
        delivery_status = Status.FAILED
    else:
        body = body_of(delivery)
        headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT,
                   SIGNATURE_HEADER: sign(endpoint.secret, body), "X-FoodTrace-Event": delivery.event_type,
                   "X-FoodTrace-Delivery": str(delivery.pk)}
        status, error = post(endpoint.url, body, headers, timeout=timeout)
        if status is not None and 200 <= status < 300:
            delivery_status = Status.DELIVERED
        elif delivery.attempts >= MAX_ATTEMPTS:
            delivery_status = Status.FAILED
        else:
            delivery_status = Status.PENDING
    fields = {"status": delivery_status, "last_status_code": status, "last_error": error[:2000]}
    if delivery_status == Status.DELIVERED:
        fields["delivered_at"] = now
    elif delivery_status == Status.PENDING:
        fields["next_attempt_at"] = now + backoff(delivery.attempts)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(**fields)
    for name, value in fields.items():
        setattr(delivery, name, value)
    return delivery_status


def deliver_due(*, now=None, limit: int = 10, timeout: float = TIMEOUT_SECONDS) -> PassResult:
    """One pass: claim up to ``limit`` due deliveries and send them. ``now`` may be given (tests, replays)."""
    # The lease outlasts the worst case of this batch (every receiver timing out), plus a margin.
    rows = claim(now=now or timezone.now(), limit=limit, lease=timedelta(seconds=limit * timeout + 60))
    result = PassResult(claimed=len(rows))
    for row in rows:
        outcome = deliver(row, now=now or timezone.now(), timeout=timeout)
        if outcome == Status.DELIVERED:
            result.delivered += 1
        elif outcome == Status.FAILED:
            result.failed += 1
        else:
            result.retrying += 1
    return result
