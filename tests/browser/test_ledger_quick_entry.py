"""A stall holder on a phone records one purchase (a new lot code is issued) and sells from that lot."""

import re

import pytest

from foodtrace.identifiers import make_uscc
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, java_script_enabled=False)  # the form must work without it
    context.set_default_timeout(15000)
    yield context.new_page()
    context.close()


def test_quick_purchase_then_sale_on_a_phone(phone, platform, tmp_path):
    page = phone
    log_in(page, platform, "business_user", totp=False)
    page.goto(platform.url + "/ledgers/quick/")
    # Mobile first: nothing wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    supplier = make_uscc("430104", "LG0000001")
    page.get_by_label("进货", exact=True).check()
    page.locator("#id_party_uscc").fill(supplier)
    page.locator("#id_party_name").fill("浏览器测试蔬菜合作社")
    page.locator("#id_product").select_option(index=1)
    page.locator("#id_quantity").fill("12.5")
    page.locator("#id_document_number").fill("湘检-BRW-01")
    certificate = tmp_path / "检疫证明.png"
    certificate.write_bytes(PNG)
    page.locator("#id_file").set_input_files(str(certificate))
    page.get_by_role("button", name="登记", exact=True).click()

    lot = page.get_by_test_id("issued-lot").inner_text().strip()
    assert re.fullmatch(r"T[0-9A-Z]{15}", lot), lot
    assert "进货已登记" in page.get_by_test_id("quick-done").inner_text()

    # The sale: the lot and the partner just used are offered to pick.
    page.get_by_label("销售", exact=True).check()
    page.locator("#id_recent_party").select_option(supplier)
    page.locator("#id_product").select_option(index=1)
    page.locator("#id_recent_lot").select_option(lot)
    page.locator("#id_quantity").fill("2")
    page.get_by_role("button", name="登记", exact=True).click()
    assert "销售已登记" in page.get_by_test_id("quick-done").inner_text()

    page.goto(platform.url + "/ledgers/attachments/")
    assert "湘检-BRW-01" in page.locator("table").inner_text()
    page.goto(platform.url + "/ledgers/")
    statuses = page.locator("table tbody tr").all_inner_texts()
    assert sum("快速登记" in row and "已记录" in row for row in statuses) >= 2, statuses
