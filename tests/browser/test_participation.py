"""The public rates a demo lot and reports a problem with a photo; the report reaches the inbox of the regulators of
the district that supervises the lot's seller, and not the other district's."""

import re
import struct
import zlib

from playwright.sync_api import expect

from tests.browser.conftest import log_in

# The demo's pork chains (foodtrace/demo/chain.py): the market's parts M1–M4 of each chain, sold on to a
# supermarket, a market stall, a restaurant and a sausage maker.
CANDIDATE_LOTS = [f"T{tag}0000000MKT{i}" for tag in ("D000", "D001", "D002") for i in range(1, 5)]
REGULATOR_OF = {"430102": "furong_regulator", "430104": "yuelu_regulator"}


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00\x80\x00")) + chunk(b"IEND", b""))


def seller_district(page, platform, lot: str) -> str | None:
    """The district of the lot's last holder, from the city's backward trace (the API, as city_admin)."""
    answer = page.request.get(f"{platform.url}/api/v1/trace/{lot}?direction=backward").json()
    root = next((entry for entry in answer.get("lots", []) if entry["id"] == answer.get("root")), None)
    if not root or not root["holder"]:
        return None
    party = next(p for p in answer["parties"] if p["id"] == root["holder"])
    return (party.get("district") or {}).get("code")


def pick_lot(browser, platform) -> tuple[str, str]:
    """A demo lot whose seller is in 芙蓉区 or 岳麓区, and that district's code — computed, not assumed."""
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    try:
        log_in(page, platform, "city_admin")
        for lot in CANDIDATE_LOTS:
            district = seller_district(page, platform, lot)
            if district in REGULATOR_OF:
                return lot, district
    finally:
        context.close()
    raise AssertionError("no demo lot is sold in 芙蓉区 or 岳麓区")


def answer_check_question(page, prefix: str) -> None:
    question = page.locator(f"label[for={prefix}-answer]").inner_text()
    a, b = (int(n) for n in re.findall(r"\d+", question)[:2])
    page.locator(f"#{prefix}-answer").fill(str(a - b if "减" in question else a + b))


def test_the_public_rates_and_reports_and_the_right_district_gets_it(browser, page, platform):
    lot, district = pick_lot(browser, platform)
    other = next(code for code in REGULATOR_OF if code != district)

    # An anonymous visitor rates the lot (no JavaScript needed: plain forms).
    page.goto(f"{platform.url}/participate/rate/?code={lot}")
    expect(page.locator("h1")).to_have_text("评价该食品")
    page.get_by_label("4 星", exact=True).check()
    page.get_by_label("评论（可选，审核通过后公开）").fill("猪肉新鲜，称重准确。")
    answer_check_question(page, "rate")
    page.get_by_role("button", name="提交评价").click()
    expect(page.locator(".messages")).to_contain_text("谢谢")
    expect(page.locator(".rating-summary").first).to_contain_text("1 条评价")

    # …and reports a problem with a photo, prefilled from ?code=.
    page.goto(f"{platform.url}/participate/report/?code={lot}")
    expect(page.get_by_label("追溯码（可选）")).to_have_value(lot)
    page.get_by_label("异物", exact=True).check()
    page.get_by_label("问题描述").fill("排骨里有一截塑料片。")
    page.get_by_label("购买地点：商家名称或市场摊位号").fill("门店生鲜柜台")
    page.get_by_label("您的联系电话（可选）").fill("13800001234")
    page.locator("#id_photos").set_input_files([{"name": "photo.png", "mimeType": "image/png", "buffer": tiny_png()}])
    answer_check_question(page, "report")
    page.get_by_role("button", name="提交举报").click()
    expect(page.locator("h1")).to_have_text("举报已受理")
    tracking = page.locator("#tracking-number").inner_text().strip()
    check = page.locator("#check-code").inner_text().strip()
    assert re.fullmatch(r"TS\d{12}", tracking) and re.fullmatch(r"[A-Z0-9]{6}", check)
    page.get_by_role("button", name="查看处理进度").click()
    expect(page.locator("#status-label")).to_have_text("已受理")

    # Another browser without the check code sees nothing of it.
    stranger = browser.new_context(locale="zh-CN").new_page()
    stranger.goto(f"{platform.url}/participate/reports/{tracking}/")
    expect(stranger.locator("#report-status")).to_have_count(0)
    stranger.context.close()

    # The regulators of the seller's district have it in their inbox and their list, with the photo…
    right = browser.new_context(locale="zh-CN").new_page()
    log_in(right, platform, REGULATOR_OF[district])
    right.goto(platform.url + "/inbox/")
    expect(right.locator("main")).to_contain_text(tracking)
    right.goto(platform.url + "/participate/manage/reports/")
    row = right.locator(f"tr[data-tracking='{tracking}']")
    expect(row).to_have_count(1)
    row.get_by_role("link", name=tracking).click()
    expect(right.locator("#contact")).to_contain_text("138****1234")
    with right.expect_download() as download:
        right.get_by_role("link", name=re.compile("照片 1")).click()
    assert download.value.suggested_filename.startswith(tracking)
    right.context.close()

    # …the other district's regulators do not.
    wrong = browser.new_context(locale="zh-CN").new_page()
    log_in(wrong, platform, REGULATOR_OF[other])
    wrong.goto(platform.url + "/inbox/")
    expect(wrong.locator("main")).not_to_contain_text(tracking)
    wrong.goto(platform.url + "/participate/manage/reports/")
    expect(wrong.locator(f"tr[data-tracking='{tracking}']")).to_have_count(0)
    wrong.context.close()
