"""Every page, API route and back-office page of recall and notify, walked by principals who must not see
the other districts' (or other businesses') part of a recall that crosses districts.

Routes come from the URL resolver, so one added later is walked too (POST-only routes answer 405 to GET).
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from foodtrace.notify.models import Notification, WebhookDelivery, WebhookEndpoint
from foodtrace.notify.services import notification_send
from foodtrace.recall import services
from tests.conftest import log_in, make_api_client, make_user
from tests.recall.chain import STRANGER_USCC

PREFIXES = ("recall/", "inbox/", "api/v1/recalls", "api/v1/inbox", "admin/recall/", "admin/notify/")


def iter_routes(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        pattern = str(entry.pattern).lstrip("^").rstrip("$").replace("\\", "")
        if isinstance(entry, URLResolver):
            yield from iter_routes(entry, prefix + pattern)
        elif isinstance(entry, URLPattern):
            yield prefix + pattern


def my_routes() -> list[str]:
    return sorted({r for r in iter_routes() if r.startswith(PREFIXES)})


def concrete(route: str, ids: dict[str, list]) -> list[str]:
    urls = ["/" + route]
    admin_model = re.match(r"admin/(\w+)/(\w+)/", route)
    for name in re.findall(r"<(?:\w+:)?(\w+)>", route):
        pattern = re.compile(r"<(?:\w+:)?" + name + ">")
        key = f"{admin_model[1]}.{admin_model[2]}" if admin_model and name == "object_id" else name
        urls = [pattern.sub(str(value), url, count=1) for url in urls for value in ids.get(key, [1])]
    return urls


@pytest.fixture
def recalled(chain):
    recall = services.recall_start(lots=[chain.lots["F"]], level=1, reason="测试召回", actor=chain.admin)
    WebhookEndpoint.objects.create(business=chain.businesses["farm"], url="https://farm.example.cn/h", secret="k")
    notification_send([chain.businesses["farm"].pk], kind="test", title="仅限养殖基地", body="", link="", payload={})
    notification_send([], kind="test", title="仅限宁乡监管", regions=["430182"])
    notices = list(Notification.objects.values_list("pk", flat=True))
    endpoints = list(WebhookEndpoint.objects.values_list("pk", flat=True))
    ids = {
        "recall_id": [recall.pk], "notification_id": notices, "endpoint_id": endpoints,
        "recall.recall": [recall.pk], "recall.recallparty": list(recall.parties.values_list("pk", flat=True)),
        "notify.notification": notices, "notify.webhookendpoint": endpoints,
        "notify.webhookdelivery": list(WebhookDelivery.objects.values_list("pk", flat=True)),
    }
    return recall, ids


def markers(chain, *roles) -> set[str]:
    found = set()
    for role in roles:
        business = chain.businesses[role]
        found |= {business.name, business.uscc, chain.locations[role].code}
    return found


def walk(client, urls, foreign: set[str], headers=None) -> int:
    walked = 0
    for url in urls:
        probes = ("",) if re.search(r"/\d+", url) else ("", "?q=", "?status=open", "?all=", "?unread=1")
        for probe in probes:
            response = client.get(url + probe, **(headers or {}))
            body = response.content.decode("utf-8", errors="replace")
            leaked = sorted(m for m in foreign if m and m in body)
            assert not leaked, f"{url}{probe} ({response.status_code}) shows {leaked}"
            walked += 1
    return walked


def all_urls(ids) -> list[str]:
    return [url for route in my_routes() for url in concrete(route, ids)] + ["/admin/recall/", "/admin/notify/"]


def test_the_walk_covers_the_routes():
    routes = my_routes()
    assert "recall/<int:recall_id>/" in routes and "api/v1/recalls/<recall_id>" in routes
    assert "inbox/" in routes and "admin/recall/recallparty/" in routes


def test_a_reached_district_sees_only_its_own_part(client, chain, recalled, otp_verified):
    recall, ids = recalled
    otp_verified(make_user("district_regulator", region="430102"))
    foreign = markers(chain, "farm", "processor", "market", "restaurant", "other_farm", "other_shop")
    foreign |= {STRANGER_USCC, "仅限养殖基地", "仅限宁乡监管"}
    assert walk(client, all_urls(ids), foreign) > 50
    # …and the walk was not vacuous: its own business is on the recall's pages.
    assert chain.businesses["supermarket"].name in client.get(f"/recall/{recall.pk}/").content.decode()
    assert chain.businesses["supermarket"].name in client.get("/admin/recall/recallparty/").content.decode()


def test_the_business_sees_only_its_own_part(client, chain, recalled):
    recall, ids = recalled
    log_in(client, make_user("business_user", business=chain.businesses["restaurant"]))
    foreign = markers(chain, "farm", "processor", "market", "supermarket", "other_farm", "other_shop")
    foreign |= {STRANGER_USCC, "仅限养殖基地", "仅限宁乡监管"}
    walk(client, all_urls(ids), foreign)
    _, key = make_api_client(business=chain.businesses["restaurant"])
    walk(client, all_urls(ids), foreign, headers={"HTTP_X_API_KEY": key})
    assert recall.number in client.get("/recall/").content.decode()


def test_an_unreached_business_and_district_see_nothing(client, chain, recalled, otp_verified):
    recall, ids = recalled
    everyone = markers(chain, *chain.businesses) | {recall.number, STRANGER_USCC}
    log_in(client, make_user("business_user", business=chain.businesses["other_shop"]))
    walk(client, all_urls(ids), everyone - markers(chain, "other_shop"))
    client.logout()
    otp_verified(make_user("district_regulator", region="430121"))
    walk(client, all_urls(ids), everyone - markers(chain, "other_farm"))
