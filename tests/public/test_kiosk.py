"""The kiosk (查询机): large, full screen, the scanner always ready, nothing that leads away, back to the start
after a time without use (the browser test watches it happen)."""

import re

import pytest

from tests.public.conftest import text_of


def links(page: str) -> set[str]:
    return set(re.findall(r'href="([^"]*)"', page)) - {link for link in re.findall(r'<link[^>]*href="([^"]*)"', page)}


@pytest.mark.django_db
def test_start_screen(client, db):
    page = text_of(client.get("/kiosk/", {"id": "WJL-01"}))
    assert 'class="kiosk"' in page and 'data-idle="60"' in page and "kiosk.js" in page and "scan.js" in page
    assert 'action="/kiosk/lookup/"' in page and 'name="id" value="WJL-01"' in page and " autofocus" in page
    assert links(page) == set()  # no language switch, no log-in, nothing that leaves the kiosk
    assert "/i18n/" not in page and "/accounts/" not in page


@pytest.mark.parametrize(("asked", "idle"), [("", 60), ("1", 3), ("5", 5), ("99999", 600), ("soon", 60)])
@pytest.mark.django_db
def test_idle_time_within_bounds(client, asked, idle):
    assert f'data-idle="{idle}"' in text_of(client.get("/kiosk/", {"idle": asked}))


@pytest.mark.django_db
def test_product_in_the_kiosk_layout(client, chain):
    response = client.get("/kiosk/lookup/", {"code": "T00000000000MKT1", "id": "WJL-01", "idle": "20"})
    assert response.status_code == 200
    page = text_of(response)
    assert chain.businesses["farm"].name in page and "返回首页" in page
    assert links(page) == {"/kiosk/?id=WJL-01&amp;idle=20"}  # only the big button home (twice)
    assert '<noscript><meta http-equiv="refresh" content="20;url=/kiosk/?id=WJL-01&amp;idle=20"></noscript>' in page
    assert 'data-lookup-url="/kiosk/lookup/"' in page
    assert "participation" not in page and "/i18n/" not in page


@pytest.mark.django_db
def test_unknown_and_unreadable_codes_in_the_kiosk(client, db):
    unknown = client.get("/kiosk/lookup/", {"code": "T0000000000ZZZZZ"})
    assert unknown.status_code == 404 and "本平台从未签发过追溯码" in text_of(unknown)
    assert links(text_of(unknown)) == {"/kiosk/"}
    bad = client.get("/kiosk/lookup/", {"code": "T12", "id": "K9"})
    assert bad.status_code == 400 and 'class="kiosk"' in text_of(bad) and 'role="alert"' in text_of(bad)
    assert client.get("/kiosk/lookup/", {"id": "K9"})["Location"] == "/kiosk/?id=K9"
