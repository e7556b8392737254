import json

import pytest

from tests.conftest import make_api_client, make_business, make_location, make_user


@pytest.fixture
def regulator_client(client, otp_verified):
    """A city administrator's logged-in session (regulators may capture events of any business)."""
    otp_verified(make_user("city_admin", region="430100"))
    return client


@pytest.fixture
def shop_with_key(db):
    shop = make_business("430102", "supermarket", name="芙蓉区测试超市")
    store = make_location(shop, kind="store")
    _, key = make_api_client(business=shop)
    return shop, store, key


def post_json(client, path, document, **headers):
    return client.post(path, json.dumps(document, ensure_ascii=False), content_type="application/ld+json", **headers)


def object_event(location_code: str, *, epcs=(), lots=(), time="2026-11-20T08:00:00+08:00", biz_step="receiving",
                 **extra) -> dict:
    event = {"type": "ObjectEvent", "eventTime": time, "eventTimeZoneOffset": time[-6:], "action": "OBSERVE",
             "bizStep": biz_step, "readPoint": {"id": f"urn:foodtrace:loc:{location_code}"},
             "bizLocation": {"id": f"urn:foodtrace:loc:{location_code}"}}
    if epcs:
        event["epcList"] = list(epcs)
    if lots:
        event["quantityList"] = [{"epcClass": lot, "quantity": qty, "uom": "KGM"} for lot, qty in lots]
    event.update(extra)
    return event


def document(*events) -> dict:
    return {"@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"], "type": "EPCISDocument",
            "schemaVersion": "2.0", "creationDate": "2026-11-20T08:00:00+08:00",
            "epcisBody": {"eventList": list(events)}}


from tests.epcis.conftest import conformance_dir  # noqa: E402,F401  (GS1's examples, one setting finds them)
