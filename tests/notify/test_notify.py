"""Inboxes and webhooks: the transactional outbox, signed delivery to a real HTTP server, retries, pages, API."""

import hashlib
import hmac
import json
import socket
import threading
from contextlib import contextmanager
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from foodtrace.audit.models import AuditEntry
from foodtrace.notify import delivery
from foodtrace.notify.models import Notification, WebhookDelivery, WebhookEndpoint
from foodtrace.notify.services import notification_send
from tests.conftest import log_in, make_api_client, make_business, make_user


class Receiver:
    """What the test's HTTP server was sent, and the statuses it answers with (200 when the list is empty)."""

    def __init__(self):
        self.requests: list[tuple[str, object, bytes]] = []
        self.statuses: list[int] = []
        self.url = ""


@pytest.fixture
def receiver(monkeypatch):
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.requests.append((self.path, self.headers, body))
            status = state.statuses.pop(0) if state.statuses else 200
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/foodtrace/hook"
    yield state
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture
def shop(db):
    return make_business("430102", "supermarket", name="芙蓉通知测试超市")


@pytest.fixture
def shop_key(shop):
    _, key = make_api_client(business=shop)
    return {"HTTP_X_API_KEY": key}


def register(client, auth, url) -> dict:
    response = client.post("/api/v1/inbox/webhooks", {"url": url, "description": "ERP"},
                           content_type="application/json", **auth)
    assert response.status_code == 201, response.content
    return response.json()


def send(businesses, **fields):
    defaults = {"kind": "recall.started", "title": "召回 ZH-2026-0001", "body": "请停止销售", "link": "/recall/1/",
                "payload": {"recall": {"number": "ZH-2026-0001"}}}
    return notification_send(businesses, **{**defaults, **fields})


# Endpoints --------------------------------------------------------------------------------------------------

def test_a_business_registers_an_endpoint_and_sees_the_secret_once(client, shop, shop_key):
    created = register(client, shop_key, "https://erp.example.cn/hook")
    assert created["secret"].startswith("whsec_") and len(created["secret"]) > 40
    listed = client.get("/api/v1/inbox/webhooks", **shop_key).json()
    assert [e["url"] for e in listed] == ["https://erp.example.cn/hook"] and "secret" not in listed[0]
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.business == shop and endpoint.secret == created["secret"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM notify_webhookendpoint WHERE id = %s", [endpoint.pk])
        stored = cursor.fetchone()[0]
    assert created["secret"] not in stored  # encrypted at rest
    entry = AuditEntry.objects.get(object_type="notify.webhookendpoint", object_id=str(endpoint.pk))
    assert entry.changes["secret"] == [None, "***"] and entry.actor_type == "api_client"
    rotated = client.post(f"/api/v1/inbox/webhooks/{endpoint.pk}/rotate-secret", **shop_key).json()
    assert rotated["secret"] != created["secret"]
    response = client.patch(f"/api/v1/inbox/webhooks/{endpoint.pk}", {"active": False},
                            content_type="application/json", **shop_key)
    assert response.json()["active"] is False


def test_bad_urls_and_other_principals_are_refused(client, shop, shop_key, otp_verified):
    response = client.post("/api/v1/inbox/webhooks", {"url": "ftp://x.example.cn/"}, content_type="application/json",
                           **shop_key)
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "url"
    endpoint = WebhookEndpoint.objects.create(business=shop, url="https://a.example.cn/", secret="x")
    _, other_key = make_api_client(business=make_business("430102", "catering"))
    assert client.post(f"/api/v1/inbox/webhooks/{endpoint.pk}/rotate-secret",
                       HTTP_X_API_KEY=other_key).status_code == 404
    assert client.get(f"/api/v1/inbox/webhooks/{endpoint.pk}/deliveries", HTTP_X_API_KEY=other_key).status_code == 404
    otp_verified(make_user("district_regulator", region="430102"))
    assert client.get("/api/v1/inbox/webhooks").status_code == 403
    assert client.get("/inbox/webhooks/").status_code == 403


def test_webhook_page_shows_the_secret_only_in_its_answer(client, shop):
    log_in(client, make_user("business_user", business=shop))
    response = client.post("/inbox/webhooks/", {"url": "https://erp.example.cn/in", "description": ""})
    assert response.status_code == 200
    secret = WebhookEndpoint.objects.get().secret
    assert secret in response.content.decode()
    page = client.get("/inbox/webhooks/").content.decode()
    assert "https://erp.example.cn/in" in page and secret not in page
    response = client.post("/inbox/webhooks/", {"url": "not a url"})
    assert "完整的 http(s) 网址" in response.content.decode()


# The outbox -------------------------------------------------------------------------------------------------

def test_notify_writes_one_notice_per_business_and_one_delivery_per_active_endpoint(shop):
    other = make_business("430104", "catering")
    WebhookEndpoint.objects.create(business=shop, url="https://a.example.cn/", secret="a")
    WebhookEndpoint.objects.create(business=shop, url="https://b.example.cn/", secret="b", active=False)
    result = send([shop.pk, other.pk, shop.pk], regions=["430102"], related=("recall.recall", 7),
                  per_business={shop.pk: {"lots": ["plot:T1"]}})
    assert (result.notifications, result.deliveries) == (3, 1)
    assert Notification.objects.filter(business=shop, district_id="430102").count() == 1
    assert Notification.objects.get(business=None).region_id == "430102"
    assert Notification.objects.get(business=other).related_id == "7"
    row = WebhookDelivery.objects.get()
    assert row.endpoint.url == "https://a.example.cn/" and row.status == "pending" and row.attempts == 0
    assert row.payload["data"] == {"recall": {"number": "ZH-2026-0001"}, "lots": ["plot:T1"]}
    assert row.payload["business"] == {"uscc": shop.uscc}
    entry = AuditEntry.objects.filter(object_type="notify.notification").latest("chain_index")
    assert entry.changes["count"] == 3 and entry.changes["webhook_deliveries"] == 1


def test_the_outbox_rolls_back_with_the_change(shop):
    WebhookEndpoint.objects.create(business=shop, url="https://a.example.cn/", secret="a")
    with pytest.raises(RuntimeError), transaction.atomic():
        send([shop.pk])
        raise RuntimeError("the business change failed")
    assert not Notification.objects.exists() and not WebhookDelivery.objects.exists()


def test_delivery_is_signed_and_reaches_a_real_server(client, shop, shop_key, receiver):
    secret = register(client, shop_key, receiver.url)["secret"]
    send([shop.pk])
    result = delivery.deliver_due()
    assert (result.claimed, result.delivered) == (1, 1)
    (path, headers, body), = receiver.requests
    assert path == "/foodtrace/hook"
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-FoodTrace-Signature"] == expected
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    row = WebhookDelivery.objects.get()
    assert headers["X-FoodTrace-Delivery"] == str(row.pk) and headers["X-FoodTrace-Event"] == "recall.started"
    envelope = json.loads(body)
    assert envelope["id"] == row.pk and envelope["type"] == "recall.started"
    assert envelope["title"] == "召回 ZH-2026-0001" and envelope["data"]["recall"]["number"] == "ZH-2026-0001"
    assert envelope["business"]["uscc"] == shop.uscc
    assert row.status == "delivered" and row.attempts == 1 and row.delivered_at and row.last_status_code == 200
    assert delivery.deliver_due().claimed == 0  # nothing twice
    deliveries = client.get(f"/api/v1/inbox/webhooks/{row.endpoint_id}/deliveries", **shop_key).json()["items"]
    assert deliveries[0]["status"] == "delivered"


def test_a_500_is_retried_after_the_backoff(shop, receiver):
    WebhookEndpoint.objects.create(business=shop, url=receiver.url, secret="k")
    send([shop.pk])
    receiver.statuses = [500]
    t0 = timezone.now()
    assert delivery.deliver_due(now=t0).retrying == 1
    row = WebhookDelivery.objects.get()
    assert (row.status, row.attempts, row.last_status_code) == ("pending", 1, 500)
    assert "HTTP 500" in row.last_error and row.next_attempt_at == t0 + timedelta(minutes=1)
    assert delivery.deliver_due(now=t0 + timedelta(seconds=59)).claimed == 0
    assert delivery.deliver_due(now=t0 + timedelta(seconds=61)).delivered == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("delivered", 2)
    assert len(receiver.requests) == 2
    assert {r[1]["X-FoodTrace-Delivery"] for r in receiver.requests} == {str(row.pk)}  # receivers dedupe on it
    assert receiver.requests[0][2] == receiver.requests[1][2]  # the same signed body


def test_gives_up_after_eight_attempts_with_growing_waits(shop, receiver):
    WebhookEndpoint.objects.create(business=shop, url=receiver.url, secret="k")
    send([shop.pk])
    receiver.statuses = [503] * 10
    now, waits = timezone.now(), []
    for _attempt in range(delivery.MAX_ATTEMPTS):
        assert delivery.deliver_due(now=now).claimed == 1
        row = WebhookDelivery.objects.get()
        if row.status == "pending":
            waits.append(row.next_attempt_at - now)
            now = row.next_attempt_at
    assert [w.total_seconds() / 60 for w in waits] == [1, 5, 30, 120, 360, 720, 1440]
    assert (row.status, row.attempts) == ("failed", 8)
    assert delivery.deliver_due(now=now + timedelta(days=30)).claimed == 0
    assert len(receiver.requests) == 8


def test_an_unreachable_receiver_is_a_failed_attempt(shop):
    with socket_closed_port() as port:
        WebhookEndpoint.objects.create(business=shop, url=f"http://127.0.0.1:{port}/hook", secret="k")
        send([shop.pk])
        assert delivery.deliver_due(timeout=2).retrying == 1
    row = WebhookDelivery.objects.get()
    assert row.status == "pending" and row.last_status_code is None and row.last_error


def test_a_deactivated_endpoint_fails_its_pending_deliveries(shop, receiver):
    endpoint = WebhookEndpoint.objects.create(business=shop, url=receiver.url, secret="k")
    send([shop.pk])
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(active=False)
    assert delivery.deliver_due().failed == 1 and receiver.requests == []


def test_the_worker_command(shop, receiver):
    WebhookEndpoint.objects.create(business=shop, url=receiver.url, secret="k")
    send([shop.pk])
    send([shop.pk], kind="recall.closed")
    call_command("deliver_webhooks", "--once", "--batch", "1")
    assert sorted(r[1]["X-FoodTrace-Event"] for r in receiver.requests) == ["recall.closed", "recall.started"]
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"delivered"}


def test_claiming_skips_locked_rows_on_postgresql(shop):
    WebhookEndpoint.objects.create(business=shop, url="https://a.example.cn/", secret="k")
    send([shop.pk])
    with CaptureQueriesContext(connection) as queries:
        rows = delivery.claim(now=timezone.now(), limit=5, lease=timedelta(minutes=2))
    assert len(rows) == 1 and rows[0].attempts == 1
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert ("SKIP LOCKED" in sql) == (connection.vendor == "postgresql")
    # Leased: not claimed again until the lease runs out.
    assert delivery.claim(now=timezone.now(), limit=5, lease=timedelta(minutes=2)) == []


# Inboxes ----------------------------------------------------------------------------------------------------

def test_inbox_api_lists_and_marks_read(client, shop, shop_key):
    send([shop.pk])
    send([shop.pk], kind="recall.closed", title="召回已结束")
    items = client.get("/api/v1/inbox", **shop_key).json()["items"]
    assert [n["kind"] for n in items] == ["recall.closed", "recall.started"] and items[0]["read_at"] is None
    response = client.post(f"/api/v1/inbox/{items[1]['id']}/read", **shop_key)
    assert response.status_code == 200 and response.json()["read_at"]
    unread = client.get("/api/v1/inbox", {"unread": "true"}, **shop_key).json()["items"]
    assert [n["id"] for n in unread] == [items[0]["id"]]
    _, other_key = make_api_client(business=make_business("430102", "catering"))
    assert client.get("/api/v1/inbox", HTTP_X_API_KEY=other_key).json()["items"] == []
    assert client.post(f"/api/v1/inbox/{items[0]['id']}/read", HTTP_X_API_KEY=other_key).status_code == 404
    assert client.post("/api/v1/inbox/read-all", **shop_key).json() == {"marked": 1}
    assert client.get("/api/v1/inbox").status_code == 401


def test_district_inboxes_are_for_that_districts_regulators(client, shop, otp_verified):
    send([shop.pk], regions=["430102"])
    send([], regions=["430104"], title="岳麓区的通知")
    otp_verified(make_user("district_regulator", region="430102"))
    items = client.get("/api/v1/inbox").json()["items"]
    assert [(n["region_id"], n["business_id"]) for n in items] == [("430102", None)]
    page = client.get("/inbox/").content.decode()
    assert "召回 ZH-2026-0001" in page and "岳麓区的通知" not in page


def test_inbox_page_marks_read_as_the_user(client, shop):
    send([shop.pk])
    user = make_user("business_user", business=shop)
    log_in(client, user)
    page = client.get("/inbox/").content.decode()
    assert "召回 ZH-2026-0001" in page and "请停止销售" in page and 'href="/recall/1/"' in page
    notice = Notification.objects.get()
    response = client.post(f"/inbox/{notice.pk}/read/", {"next": "/inbox/?unread=1"})
    assert response.status_code == 302 and response["Location"] == "/inbox/?unread=1"
    notice.refresh_from_db()
    assert notice.read_by == user and notice.read_at
    entry = AuditEntry.objects.get(object_type="notify.notification", object_id=str(notice.pk))
    assert entry.actor_name == user.username and entry.action == "update"
    assert client.post(f"/inbox/{notice.pk + 1000}/read/").status_code == 404
    response = client.post(f"/inbox/{notice.pk}/read/", {"next": "https://evil.example.com/"})
    assert response["Location"] == "/inbox/"


def test_roles_without_an_inbox_are_refused(db, client, otp_verified):
    otp_verified(make_user("inspector", region="430102"))
    assert client.get("/inbox/").status_code == 403
    assert client.get("/api/v1/inbox").status_code == 403


@contextmanager
def socket_closed_port():
    """A local TCP port with nothing listening on it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    yield port
