"""The regulators' trace page shows Beijing time with its offset and plain Chinese words (千克, 收货, 发货), the
standard terms in tooltips and in the JSON — also for an event a business recorded in another time zone."""

import re

import pytest

from tests.conftest import make_user
from tests.trace.conftest import document, object_event, post_json

LOT = "urn:epc:class:lgtin:6901234.012345.L1120"


@pytest.fixture
def recorded(client, shop_with_key):
    _, store, key = shop_with_key
    events = [
        object_event(store.code, lots=[(LOT, 10)], time="2026-11-20T00:30:00+00:00", biz_step="receiving"),
        # A business whose system writes New York time: 19:30 on the 20th there is 08:30 on the 21st here.
        object_event(store.code, lots=[(LOT, 4)], time="2026-11-20T19:30:00-05:00", biz_step="shipping",
                     disposition="in_transit"),
    ]
    response = post_json(client, "/epcis/capture", document(*events), HTTP_X_API_KEY=key)
    assert response.status_code == 202, response.content
    return events


@pytest.mark.django_db
def test_trace_page_shows_beijing_time_with_offset_and_chinese_words(client, otp_verified, recorded):
    otp_verified(make_user("city_admin", region="430100"))
    html = client.get("/trace/", {"code": LOT}).content.decode()
    timeline = html.split('id="trace-timeline"')[1].split("</ol>")[0]
    assert "2026-11-20 08:30 +08:00" in timeline and "2026-11-21 08:30 +08:00" in timeline
    assert 'datetime="2026-11-21T08:30:00+08:00"' in timeline
    assert "00:30" not in re.sub(r'title="[^"]*"', "", timeline)  # no UTC clock shown
    # Words a regulator reads; the standard's terms only in the tooltips.
    assert "收货" in timeline and "发货" in timeline and "在途" in timeline
    visible = re.sub(r"<[^>]+>", " ", timeline)
    for term in ("ObjectEvent", "OBSERVE", "shipping", "receiving", "KGM"):
        assert term not in visible
    assert 'title="ObjectEvent OBSERVE shipping"' in timeline
    # The offset the business recorded with is kept in the tooltip.
    assert "-05:00" in timeline and "北京时间" in timeline
    assert "千克" in html


@pytest.mark.django_db
def test_the_json_keeps_the_standard_terms_and_the_recorded_offset(client, otp_verified, recorded):
    otp_verified(make_user("city_admin", region="430100"))
    answer = client.get(f"/api/v1/trace/{LOT}").json()
    by_step = {e["bizStep"]: e for e in answer["events"]}
    assert by_step["shipping"]["type"] == "ObjectEvent" and by_step["shipping"]["timeZoneOffset"] == "-05:00"
    assert by_step["receiving"]["timeZoneOffset"] == "+00:00"
    assert {lot["unit"] for lot in answer["lots"]} == {"KGM"}


@pytest.mark.django_db
def test_the_trace_page_is_english_with_the_switch(client, otp_verified, recorded):
    otp_verified(make_user("city_admin", region="430100"))
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/trace/", {"code": LOT}).content.decode()
    timeline = html.split('id="trace-timeline"')[1].split("</ol>")[0]
    assert "Shipping" in timeline and "Receiving" in timeline and "+08:00" in timeline
