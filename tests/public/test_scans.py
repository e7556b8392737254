"""Every look-up is recorded — time, code key, kind, coarse place, browser class, kiosk — and nothing personal."""

from decimal import Decimal

import pytest
from django.db import models

from foodtrace.public import scans
from foodtrace.public.models import Scan
from tests.public.conftest import M1, PAGE

IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger"


def test_no_field_can_hold_a_network_address_or_a_person():
    names = {field.name for field in Scan._meta.get_fields()}
    assert not any(isinstance(field, models.GenericIPAddressField) for field in Scan._meta.get_fields())
    assert not names & {"ip", "address", "user", "user_agent", "session", "phone", "name"}


@pytest.mark.django_db
def test_a_look_up_is_recorded_with_a_coarse_place(client, chain):
    client.get(M1, {"lat": "28.23456", "lon": "112.98765", "via": "camera"}, **PAGE, HTTP_USER_AGENT=IPHONE,
               REMOTE_ADDR="203.0.113.9")
    scan = Scan.objects.get()
    assert (scan.key, scan.kind, scan.found, scan.agent, scan.source, scan.kiosk) == (
        "plot:T00000000000MKT1", "platform_lot", True, "phone", "camera", "")
    assert (scan.latitude, scan.longitude) == (Decimal("28.2"), Decimal("113.0"))
    assert scan.language == "zh-hans"
    assert "203.0.113.9" not in str([getattr(scan, f.attname) for f in Scan._meta.concrete_fields])


@pytest.mark.django_db
def test_a_cached_page_is_recorded_too(client, chain):
    for _ in range(3):
        client.get(M1, **PAGE)
    assert Scan.objects.filter(key="plot:T00000000000MKT1").count() == 3


@pytest.mark.django_db
def test_places_that_are_not_coordinates_are_dropped(client, chain):
    client.get(M1, {"lat": "91", "lon": "112.9"}, **PAGE)
    client.get(M1, {"lat": "nan", "lon": "inf"}, **PAGE)
    client.get(M1, {"lat": "28.2"}, **PAGE)  # half a place is no place
    assert set(Scan.objects.values_list("latitude", "longitude")) == {(None, None)}


@pytest.mark.django_db
def test_kiosk_look_ups_carry_the_kiosk(client, chain):
    client.get("/kiosk/lookup/", {"code": "T00000000000MKT1", "id": "WJL-01", "via": "scanner"})
    client.get("/kiosk/lookup/", {"code": "T00000000000MKT1", "id": "<script>"})
    assert list(Scan.objects.order_by("pk").values_list("agent", "kiosk", "source")) == [
        ("kiosk", "WJL-01", "scanner"), ("kiosk", "", "link")]


@pytest.mark.django_db
def test_look_ups_are_written_in_batches(client, chain, settings):
    settings.FOODTRACE_SCAN_BATCH = 3
    settings.FOODTRACE_SCAN_BATCH_SECONDS = 3600
    client.get(M1, **PAGE)
    client.get(M1, **PAGE)
    assert Scan.objects.count() == 0 and len(scans.pending("plot:T00000000000MKT1")) == 2
    client.get(M1, **PAGE)
    assert Scan.objects.count() == 3
    client.get(M1, **PAGE)
    assert scans.flush() == 1 and Scan.objects.count() == 4


@pytest.mark.parametrize(("agent", "kind"), [
    (IPHONE, "phone"),
    ("Mozilla/5.0 (Linux; Android 14; HarmonyOS) Chrome/120 Mobile Safari/537.36", "phone"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120 Safari/537.36", "desktop"),
    ("Mozilla/5.0 (compatible; Googlebot/2.1)", "bot"),
    ("curl/8.5", "bot"),
    ("", "other"),
])
def test_browser_classes(agent, kind):
    assert scans.agent_class(agent) == kind
