"""A district user walks every registered URL and API route and never sees another district's rows.

Routes are discovered from the URL resolver, so a page or endpoint added later
is walked too; a route that cannot show business data must be named in
NOT_DATA_ROUTES with the reason, or the coverage test fails.
"""

import json
import re
from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import log_in, make_api_client, make_user

# Routes that show no business data, with why they are not walked.
NOT_DATA_ROUTES = {
    "accounts/logout/": "POST-only log-out",
    "i18n/setlang/": "language switch (POST redirect)",
    "admin/logout/": "log-out",
    "admin/password_change/": "own password form",
    "admin/password_change/done/": "static confirmation",
    "admin/jsi18n/": "JavaScript catalogue",
    "admin/r/<path:content_type_id>/<path:object_id>/": "view-on-site redirect (no model here has one)",
    "admin/autocomplete/": "needs parameters; probed with them in autocomplete_probe",
}

PARAM_MODELS = {
    "event_id": "trace.event",
    "capture_id": "trace.capturejob",
    "business_id": "registry.business",
    "licence_id": "registry.licence",
    "product_id": "registry.product",
    "location_id": "registry.location",
}


def iter_routes(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        pattern = str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from iter_routes(entry, prefix + pattern)
        elif isinstance(entry, URLPattern):
            yield prefix + pattern


def foreign_markers(data, own_code):
    """Texts that identify the other district's business rows."""
    markers = set()
    for code, items in data.items():
        if code == own_code:
            continue
        for b in items["businesses"]:
            markers |= {b.name, b.uscc}
        markers |= {lic.number for lic in items["licences"]}
        markers |= {p.name for p in items["products"]} | {p.gtin for p in items["products"] if p.gtin}
        markers |= {loc.code for loc in items["locations"]}
        markers |= set(items.get("event_ids", []))
    return markers


def ids_by_model(data):
    out = {}
    for items in data.values():
        for key, model in (("businesses", "registry.business"), ("licences", "registry.licence"),
                           ("products", "registry.product"), ("locations", "registry.location")):
            out.setdefault(model, []).extend(str(obj.pk) for obj in items[key])
        out.setdefault("trace.event", []).extend(quote(e, safe="") for e in items.get("event_ids", []))
        out.setdefault("trace.capturejob", []).extend(items.get("capture_ids", []))
    return out


def concrete_urls(route: str, ids: dict, extra_ids: dict) -> list[str]:
    """Fill a route's parameters with every candidate value (own and foreign rows)."""
    route = route.lstrip("^").rstrip("$").replace("\\", "")
    admin_model = re.match(r"admin/(\w+)/(\w+)/", route)
    candidates = []
    for name in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)", route):
        name = name[0] or name[1]
        if name == "object_id" and admin_model:
            candidates.append((name, ids.get(f"{admin_model[1]}.{admin_model[2]}", []) +
                               extra_ids.get(f"{admin_model[1]}.{admin_model[2]}", [])))
        elif name in PARAM_MODELS:
            candidates.append((name, ids.get(PARAM_MODELS[name], [])))
        elif name == "app_label":
            candidates.append((name, ["registry", "accounts", "regions", "audit", "otp_totp", "axes"]))
        elif name == "kind":
            candidates.append((name, ["businesses", "licences", "products"]))
        else:
            candidates.append((name, ["1"]))
    urls = [route]
    for name, values in candidates:
        pattern = re.compile(r"<(?:\w+:)?" + name + r">|\(\?P<" + name + r">[^)]*\)")
        urls = [pattern.sub(value, url, count=1) for url in urls for value in values]
    return ["/" + url for url in urls]


QUERY_PROBES = ["", "?district=430104", "?q=430104", "?district__code__exact=430104", "?business={bid}",
                "?page=2", "?all=", "?_popup=1"]


def walk(client, data, own_code, extra_ids=None, headers=None):
    markers = foreign_markers(data, own_code)
    ids = ids_by_model(data)
    foreign_business = str(next(b.pk for c, i in data.items() if c != own_code for b in i["businesses"]))
    walked = 0
    for route in iter_routes():
        if route.lstrip("^") in NOT_DATA_ROUTES:
            continue
        for url in concrete_urls(route, ids, extra_ids or {}):
            for probe in QUERY_PROBES:
                response = client.get(url + probe.format(bid=foreign_business), **(headers or {}))
                body = response.content.decode("utf-8", errors="replace")
                if response.get("Content-Type", "").startswith("application/json"):
                    body += json.dumps(response.json(), ensure_ascii=False)  # \uXXXX escapes must not hide a leak
                leaked = sorted(m for m in markers if m and m in body)
                assert not leaked, f"{url}{probe} ({response.status_code}) shows another area's rows: {leaked}"
                walked += 1
    return walked


def autocomplete_probe(client, data, own_code):
    """The admin's autocomplete endpoint answers from the scoped admin queryset too."""
    markers = foreign_markers(data, own_code)
    for model, field in (("licence", "business"), ("product", "business"), ("location", "business"),
                         ("business", "market")):
        response = client.get("/admin/autocomplete/", {"app_label": "registry", "model_name": model,
                                                       "field_name": field, "term": ""})
        body = response.content.decode()
        assert not [m for m in markers if m in body], f"autocomplete {model}.{field} leaks"


@pytest.fixture
def two_districts_with_events(two_districts):
    """Each district's supermarket captures an event at its own store through the capture service."""
    from foodtrace.trace.capture import events_capture
    from foodtrace.trace.models import Event
    from tests.trace.conftest import document, object_event

    for code, items in two_districts.items():
        shop, store = items["businesses"][1], items["locations"][0]
        client_row, _key = make_api_client(business=shop)
        lot = f"urn:epc:class:lgtin:6901234.012345.WALK{code}"
        body = json.dumps(document(object_event(store.code, lots=[(lot, 1)]))).encode()
        result = events_capture(actor=client_row, content=body, content_type="application/ld+json")
        assert result.stored == 1, result.job.errors
        items["event_ids"] = list(Event.objects.filter(capture_job_id=result.job.id).values_list("event_id", flat=True))
        items["capture_ids"] = [str(result.job.id)]
    return two_districts


@pytest.mark.django_db
def test_district_regulator_walk_shows_no_other_district(client, two_districts_with_events, otp_verified):
    two_districts = two_districts_with_events
    user = make_user("district_regulator", region="430102")
    otp_verified(user)
    walked = walk(client, two_districts, "430102")
    autocomplete_probe(client, two_districts, "430102")
    assert walked > 100
    # And the walk did see its own district's data (the assertion above is not vacuous).
    own = two_districts["430102"]["businesses"][0]
    assert own.name in client.get("/admin/registry/business/").content.decode()
    assert own.name in client.get("/api/v1/registry/businesses").content.decode()
    own_event = two_districts["430102"]["event_ids"][0]
    assert own_event in client.get("/epcis/events").content.decode()


@pytest.mark.django_db
def test_business_user_walk_shows_only_own_business(client, two_districts):
    shop = two_districts["430102"]["businesses"][1]
    user = make_user("business_user", business=shop)
    log_in(client, user)
    # Everything that is not this shop is foreign, including its own district's neighbours.
    data = {"mine": {"businesses": [shop], "licences": [], "products": [], "locations": []},
            "others": {
                "businesses": [b for c in two_districts.values() for b in c["businesses"] if b != shop],
                "licences": [lic for c in two_districts.values() for lic in c["licences"] if lic.business != shop],
                "products": [p for c in two_districts.values() for p in c["products"] if p.business != shop],
                "locations": [loc for c in two_districts.values() for loc in c["locations"] if loc.business != shop],
            }}
    walk(client, data, "mine")
    assert shop.name in client.get("/api/v1/registry/businesses").content.decode()


@pytest.mark.django_db
def test_district_api_client_walk(client, two_districts):
    _, key = make_api_client(role="department_system", region="430102",
                             kinds=["supermarket", "farmers_market", "producer"])
    walked = walk(client, two_districts, "430102", headers={"HTTP_X_API_KEY": key})
    assert walked > 100
    body = client.get("/api/v1/registry/businesses", HTTP_X_API_KEY=key).json()
    assert body["count"] == 3


@pytest.mark.django_db
def test_every_route_is_walked_or_explained():
    routes = {r.lstrip("^") for r in iter_routes()}
    stale = set(NOT_DATA_ROUTES) - routes
    assert not stale, f"NOT_DATA_ROUTES names routes that no longer exist: {stale}"
    api_routes = [r for r in routes if r.startswith("api/v1/registry/")]
    assert "api/v1/registry/businesses/<business_id>" in api_routes


@pytest.mark.django_db
def test_detail_of_another_districts_rows_is_not_found(client, two_districts, otp_verified):
    otp_verified(make_user("district_regulator", region="430102"))
    other = two_districts["430104"]
    assert client.get(f"/api/v1/registry/businesses/{other['businesses'][0].pk}").status_code == 404
    assert client.get(f"/api/v1/registry/licences/{other['licences'][0].pk}").status_code == 404
    assert client.get(f"/api/v1/registry/products/{other['products'][0].pk}").status_code == 404
    response = client.patch(f"/api/v1/registry/businesses/{other['businesses'][0].pk}", {"name": "x"},
                            content_type="application/json")
    assert response.status_code == 404
    response = client.post("/api/v1/registry/licences", {
        "business_id": other["businesses"][1].pk, "number": "JY14301040000011", "valid_from": "2026-01-01",
        "valid_until": "2030-01-01"}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "business"
