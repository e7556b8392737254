"""Authenticity (真伪): a unit code scanned far more often than one package is, or in places too far apart within
a few hours, is flagged; a lot recalled itself or upstream carries the recall notice."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from foodtrace.codes.models import TraceCode
from foodtrace.public.models import Scan
from foodtrace.recall.services import recall_start
from tests.conftest import make_business, make_licence, make_product, make_user
from tests.public.conftest import M1, PAGE, text_of

WARNING = 'data-testid="counterfeit-warning"'
CHANGSHA, SHANGHAI, ZHUZHOU = ("28.2", "112.9"), ("31.2", "121.5"), ("27.8", "113.1")


@pytest.fixture
def unit(db):
    """A packaged product's unit code (GTIN + serial) registered by its producer."""
    producer = make_business("430104", "producer", name="岳麓区湘味食品厂")
    make_licence(producer)
    product = make_product(producer, name="湘味腊肠礼盒")
    TraceCode.objects.create(key=f"sgtin:{product.gtin}:SN0001", kind=TraceCode.Kind.UNIT, business=producer,
                             product=product)
    return f"/01/{product.gtin}/21/SN0001"


def look(client, path, place=None, **headers):
    query = {"lat": place[0], "lon": place[1]} if place else {}
    return text_of(client.get(path, query, **PAGE, **headers))


@pytest.mark.django_db
def test_a_unit_scanned_too_often_is_flagged(client, unit, settings):
    settings.FOODTRACE_SCAN_LIMIT = 5
    for _ in range(5):
        page = look(client, unit)
        assert "湘味腊肠礼盒" in page and WARNING not in page
    page = look(client, unit)
    assert WARNING in page and "可能是假冒产品" in page and "超过5次" in page and "12315" in page


@pytest.mark.django_db
def test_crawlers_do_not_count(client, unit, settings):
    settings.FOODTRACE_SCAN_LIMIT = 2
    for _ in range(4):
        look(client, unit, HTTP_USER_AGENT="Mozilla/5.0 (compatible; Baiduspider/2.0)")
    assert WARNING not in look(client, unit)


@pytest.mark.django_db
def test_a_unit_scanned_in_places_far_apart_is_flagged(client, unit):
    assert WARNING not in look(client, unit, CHANGSHA)
    assert WARNING not in look(client, unit, ZHUZHOU)  # ~50 km away: the same package may well travel that
    page = look(client, unit, SHANGHAI)  # ~900 km within minutes
    assert WARNING in page and "300公里" in page


@pytest.mark.django_db
def test_far_apart_but_hours_between_is_not_flagged(client, unit):
    key = Scan.objects.none().model  # noqa: F841 (the model, for clarity below)
    Scan.objects.create(at=timezone.now() - timedelta(hours=7), key=unit.replace("/01/", "sgtin:")
                        .replace("/21/", ":"), kind="sgtin", latitude=Decimal(SHANGHAI[0]),
                        longitude=Decimal(SHANGHAI[1]))
    assert WARNING not in look(client, unit, CHANGSHA)


@pytest.mark.django_db
def test_lots_are_never_judged_by_their_scans(client, chain, settings):
    settings.FOODTRACE_SCAN_LIMIT = 1
    for place in (CHANGSHA, SHANGHAI, CHANGSHA):
        assert WARNING not in look(client, M1, place)


@pytest.mark.django_db
def test_a_lot_recalled_upstream_carries_the_recall_notice(client, chain):
    regulator = make_user("city_admin", region="430100")
    recall = recall_start(lots=[chain.lots["C"]], level=2, reason="兽药残留超标", actor=regulator)
    page = look(client, M1)
    notice = page[page.index('data-testid="recall-notice"'):]
    for text in (recall.number, "兽药残留超标", "停止食用", "退回", "12315", "召回警示"):
        assert text in notice, text
    # The carcass lot itself, and the sausage made from another part of it.
    assert recall.number in look(client, chain.lots["C"].replace("https://id.gs1.org", ""))
    assert recall.number in look(client, chain.lots["S"].replace("https://id.gs1.org", ""))
    # The other farm's pigs sold through the same market are not affected.
    assert 'data-testid="recall-notice"' not in look(client, "/t/T0000000000FARMU")


@pytest.mark.django_db
def test_a_recall_of_a_downstream_lot_does_not_mark_its_sources(client, chain):
    regulator = make_user("city_admin", region="430100")
    recall_start(lots=[chain.lots["M1"]], level=3, reason="标签不合格", actor=regulator)
    assert 'data-testid="recall-notice"' in look(client, M1)
    assert 'data-testid="recall-notice"' not in look(client, chain.lots["C"].replace("https://id.gs1.org", ""))
