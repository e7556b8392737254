"""A member of the public looks a code up in the browser (no log-in): the chain from the farm to the seller, an
unknown code, a recalled lot; and the kiosk goes back to its start screen after a time without use.

Demo data (foodtrace/demo/chain.py): chain D000's market part M1 went to the supermarket; chain D002 is recalled
here by the demo city administrator through the recall page, so the other tests' chain stays untouched.
"""

import re

from playwright.sync_api import expect

from tests.browser.conftest import log_in

DEMO_LOT = "TD0000000000MKT1"
OTHER_LOT = "TD0000000000MKT2"
RECALLED_SOURCE = "TD0020000CARCASS"
RECALLED_PART = "TD0020000000MKT1"


def anonymous_page(browser, **options):
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, **options)  # a phone
    context.set_default_timeout(15000)
    return context, context.new_page()


def test_typing_a_code_shows_the_chain_from_the_farm_to_the_seller(browser, platform):
    context, page = anonymous_page(browser)
    try:
        page.goto(platform.url + "/")
        expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
        page.get_by_label("追溯码", exact=True).fill(DEMO_LOT.lower())
        page.get_by_role("button", name="查询", exact=True).click()
        page.wait_for_url(re.compile(rf"/t/{DEMO_LOT}"))
        steps = page.get_by_test_id("timeline").locator("li")
        assert steps.count() >= 8
        expect(steps.first).to_contain_text("在此养殖或种植并登记")
        expect(page.get_by_test_id("timeline")).to_contain_text("屠宰")
        expect(page.get_by_test_id("timeline")).to_contain_text("检疫证明编号")
        expect(page.get_by_test_id("timeline")).to_contain_text("在市场分割分装销售")
        expect(steps.last).to_contain_text("超市")
        # Each step's time is Beijing time with its offset; quantities in Chinese units.
        expect(steps.first.locator("time")).to_contain_text("+08:00")
        expect(page.get_by_test_id("timeline")).to_contain_text("千克")
        expect(page.get_by_text("销售商家（现持有）")).to_be_visible()
        expect(page.locator(".licence-ok").first).to_contain_text("有效")
        expect(page.get_by_role("heading", name="抽检结果")).to_be_visible()
        expect(page.get_by_role("heading", name="信用等级")).to_be_visible()
        # A barcode scanner (keyboard wedge) used on the product page looks the next code up directly.
        page.locator("body").click()
        page.keyboard.type(OTHER_LOT, delay=10)
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(rf"/t/{OTHER_LOT}\?via=scanner"))
        expect(page.get_by_test_id("timeline")).to_contain_text("屠宰")
    finally:
        context.close()


def test_the_page_works_without_javascript(browser, platform):
    context, page = anonymous_page(browser, java_script_enabled=False)
    try:
        page.goto(platform.url + "/")
        expect(page.get_by_role("button", name="用摄像头扫码")).to_be_hidden()  # needs scripts and a camera
        page.get_by_label("追溯码", exact=True).fill(DEMO_LOT)
        page.get_by_role("button", name="查询", exact=True).click()
        page.wait_for_url(re.compile(rf"/t/{DEMO_LOT}"))
        expect(page.get_by_test_id("timeline")).to_contain_text("屠宰")
        page.get_by_label("语言").select_option("en")
        page.get_by_role("button", name="切换").click()
        expect(page.get_by_role("heading", name="Where it came from")).to_be_visible()
    finally:
        context.close()


def test_an_unknown_code_says_it_was_never_issued(browser, platform):
    context, page = anonymous_page(browser)
    try:
        response = page.goto(platform.url + "/t/T0000000000ZZZZZ")
        assert response.status == 404
        expect(page.get_by_test_id("unknown-code")).to_contain_text("本平台从未签发过追溯码T0000000000ZZZZZ")
        expect(page.get_by_test_id("unknown-code")).to_contain_text("12315")
        page.goto(platform.url + "/")
        page.get_by_label("追溯码", exact=True).fill("T123")
        page.get_by_role("button", name="查询", exact=True).click()
        expect(page.get_by_role("alert")).to_contain_text("T加15位")
    finally:
        context.close()


def test_a_recalled_lot_carries_the_recall_notice(page, browser, platform):
    log_in(page, platform, "city_admin")
    page.goto(platform.url + "/recall/new/")
    page.locator("textarea[name=lots]").fill(RECALLED_SOURCE)
    page.locator("select[name=level]").select_option("1")
    page.locator("textarea[name=reason]").fill("非洲猪瘟病毒核酸检测阳性（浏览器测试）")
    page.get_by_role("button", name="启动召回并通知").click()
    page.wait_for_url(re.compile(r"/recall/\d+/"))
    number = re.search(r"ZH-\d{4}-\d{4}", page.content()).group(0)
    context, public = anonymous_page(browser)
    try:
        public.goto(platform.url + f"/t/{RECALLED_PART}")
        notice = public.get_by_test_id("recall-notice")
        expect(notice).to_be_visible()
        expect(notice).to_contain_text(number)
        expect(notice).to_contain_text("非洲猪瘟病毒核酸检测阳性")
        expect(notice).to_contain_text("停止食用")
        expect(notice).to_contain_text("12315")
        public.goto(platform.url + f"/t/{DEMO_LOT}")  # another chain: no notice
        expect(public.get_by_test_id("timeline")).to_be_visible()
        expect(public.get_by_test_id("recall-notice")).to_have_count(0)
    finally:
        context.close()


def test_kiosk_returns_to_the_start_screen_after_inactivity(browser, platform):
    context, page = anonymous_page(browser)
    try:
        page.goto(platform.url + "/kiosk/?id=K-01&idle=3")
        field = page.locator("#code")
        expect(field).to_be_focused()  # the barcode scanner types into it at any time
        page.keyboard.type(DEMO_LOT, delay=10)  # as a USB scanner does
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/kiosk/lookup/\?"))
        expect(page.get_by_test_id("timeline")).to_contain_text("屠宰")
        expect(page.get_by_test_id("kiosk-home")).to_contain_text("返回首页")
        assert page.locator("a[href^='http']").count() == 0
        # Nobody touches it: back to the start screen by itself.
        page.wait_for_url(re.compile(r"/kiosk/\?id=K-01&idle=3$"), timeout=12000)
        expect(page.locator("#code")).to_be_focused()
        expect(page.locator("#code")).to_have_value("")
    finally:
        context.close()
