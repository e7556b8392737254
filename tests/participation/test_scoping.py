"""Every participation page and API route, walked by principals who must not see another district's reports or
comments. Routes come from the URL resolver, so one added later is walked too (POST-only routes answer 405)."""

import re

import pytest
from django.test import Client

from foodtrace.participation import services
from foodtrace.participation.models import Rating, Report, ReportPhoto
from tests.conftest import log_in, make_api_client, make_business, make_user
from tests.participation.conftest import png_bytes, verified_client
from tests.recall.test_scoping import iter_routes

PREFIXES = ("participate/", "api/v1/participation")


def my_routes() -> list[str]:
    return sorted({r for r in iter_routes() if r.startswith(PREFIXES)})


def concrete(route: str, ids: dict[str, list]) -> list[str]:
    urls = ["/" + route]
    for name in re.findall(r"<(?:\w+:)?(\w+)>", route):
        pattern = re.compile(r"<(?:\w+:)?" + name + ">")
        urls = [pattern.sub(str(value), url, count=1) for url in urls for value in ids.get(name, [1])]
    return urls


@pytest.fixture
def both_districts(db):
    """A report, a photo and a pending comment in 芙蓉区 and in 岳麓区, each with texts that name its district (the
    tracking number is no marker: the public status page echoes the one in its URL, and shows nothing else)."""
    made = {}
    for code, name in (("430102", "芙蓉"), ("430104", "岳麓")):
        shop = make_business(code, "supermarket", name=f"{name}举报测试超市")
        data = services.ReportInput(category="foreign_matter", description=f"{name}描述：面包里有头发",
                                    product_name=f"{name}产品面包", seller_name=shop.name,
                                    contact_name=f"{name}联系人", contact_phone="13700001111")
        report, _check = services.report_submit(data=data, photos=[("image/png", png_bytes())], address="c" * 64)
        rating = Rating.objects.create(product=None, lot_key=f"plot:T{code}0000000001", stars=2,
                                       comment=f"{name}评论：不新鲜", status=Rating.Status.PENDING, district_id=code,
                                       address_hash="c" * 64)
        made[code] = {"report": report, "rating": rating, "business": shop,
                      "markers": {f"{name}描述", f"{name}产品面包", shop.name, f"{name}评论",
                                  f"{name}联系人"}}
    ids = {"report_id": [m["report"].pk for m in made.values()],
           "photo_id": list(ReportPhoto.objects.values_list("pk", flat=True)),
           "rating_id": [m["rating"].pk for m in made.values()],
           "tracking": [m["report"].tracking for m in made.values()]}
    return made, ids


def walk(client, urls, foreign: set[str], headers=None) -> int:
    walked = 0
    for url in urls:
        probes = ("",) if re.search(r"/\d+", url) else ("", "?status=pending", "?status=received", "?q=TS",
                                                        "?mine=1", "?page=2")
        for probe in probes:
            response = client.get(url + probe, **(headers or {}))
            body = response.content.decode("utf-8", errors="replace")
            leaked = sorted(m for m in foreign if m and m in body)
            assert not leaked, f"{url}{probe} ({response.status_code}) shows {leaked}"
            walked += 1
    return walked


def urls(ids) -> list[str]:
    return [url for route in my_routes() for url in concrete(route, ids)]


def test_the_walk_covers_the_routes():
    routes = my_routes()
    assert "participate/manage/reports/<int:report_id>/" in routes
    assert "api/v1/participation/reports/<report_id>" in routes and "participate/manage/ratings/" in routes


def test_a_district_regulator_sees_only_its_district(both_districts):
    made, ids = both_districts
    furong = verified_client(make_user("district_regulator", region="430102"))
    assert walk(furong, urls(ids), made["430104"]["markers"]) > 30
    # Not vacuous: its own district's report and comment are on its pages.
    own = made["430102"]
    assert own["report"].tracking in furong.get("/participate/manage/reports/").content.decode()
    assert "芙蓉评论" in furong.get("/participate/manage/ratings/").content.decode()
    assert furong.get(f"/api/v1/participation/reports/{own['report'].pk}").status_code == 200
    yuelu = verified_client(make_user("district_regulator", region="430104"))
    assert walk(yuelu, urls(ids), made["430102"]["markers"]) > 30


def test_the_public_business_users_and_api_clients_see_nothing(both_districts):
    made, ids = both_districts
    everything = made["430102"]["markers"] | made["430104"]["markers"]
    walk(Client(), urls(ids), everything)
    # A business user, even of the business reported, has no participation permission.
    shop_user = make_user("business_user", business=made["430102"]["business"])
    client = Client()
    log_in(client, shop_user)
    walk(client, urls(ids), everything)
    _, key = make_api_client(role="department_system", region="430102", kinds=["supermarket"])
    walk(Client(), urls(ids), everything, headers={"HTTP_X_API_KEY": key})
    assert Report.objects.count() == 2
