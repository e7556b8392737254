"""The printable label sheet: logged-in users only, and only codes in their scope."""

import pytest

from foodtrace.codes.models import TraceCode
from tests.codes.conftest import issue
from tests.conftest import log_in, make_user


@pytest.fixture
def codes(client, market, producer, rival, vegetables, sausage):
    """Two codes of the market, one GS1 lot of the producer (same district), one of the rival (other district)."""
    mine = [issue(client, market, product_id=vegetables.pk, quantity=q, production_date="2026-11-20")["code"]
            for q in (5, 6)]
    neighbour = issue(client, producer, gtin=sausage.gtin, lot="L9", quantity=3)["key"]
    far = issue(client, rival, quantity=2)["code"]
    return {"mine": mine, "neighbour": neighbour, "far": far}


@pytest.mark.django_db
def test_business_user_prints_only_its_own_codes(client, market, producer, codes):
    log_in(client, make_user("business_user", business=market.business))
    sheet = client.get("/codes/labels/")
    assert sheet.status_code == 200
    page = sheet.content.decode()
    assert all(code in page for code in codes["mine"])
    assert page.count("<svg") == 2 and "上海青" in page and "2026-11-20" in page and "@media print" in page
    assert codes["far"] not in page and "L9" not in page and producer.business.name not in page
    # Named codes of others are "not found", never printed.
    named = client.get(f"/codes/labels/?codes={codes['mine'][0]},{codes['far']},/01/x").content.decode()
    assert named.count("<svg") == 1
    assert "未找到" in named and codes["far"] in named  # echoed back from the request only
    # Another business's id in the query changes nothing.
    other = client.get(f"/codes/labels/?business={producer.business.pk}").content.decode()
    assert other.count("<svg") == 0 and producer.business.name not in other


@pytest.mark.django_db
def test_label_qr_is_the_public_uri(client, market, codes):
    from foodtrace.codes import qr

    log_in(client, make_user("business_user", business=market.business))
    page = client.get(f"/codes/labels/?codes={codes['mine'][0]}").content.decode()
    assert qr.inline_svg(f"http://testserver/t/{codes['mine'][0]}") in page


@pytest.mark.django_db
def test_regulator_prints_a_business_of_its_district_not_another(client, otp_verified, market, rival, codes):
    otp_verified(make_user("district_regulator", region="430102"))
    own = client.get(f"/codes/labels/?business={market.business.pk}&n=1").content.decode()
    assert own.count("<svg") == 1 and market.business.name in own
    far = client.get(f"/codes/labels/?business={rival.business.pk}").content.decode()
    assert far.count("<svg") == 0 and rival.business.name not in far
    by_code = client.get(f"/codes/labels/?codes={codes['neighbour']},{codes['far']}").content.decode()
    assert by_code.count("<svg") == 1 and "(10)L9" in by_code


@pytest.mark.django_db
def test_labels_need_a_log_in_and_a_role_that_sees_codes(client, codes):
    assert client.get("/codes/labels/").status_code == 302
    log_in(client, make_user("lab_user", region="430102"))
    assert client.get("/codes/labels/").status_code == 403
    assert TraceCode.objects.count() == 4
