"""A regulator traces a demo pork lot in the browser: graph, businesses with licence status, timeline."""

from playwright.sync_api import expect

from tests.browser.conftest import log_in

# The demo's first pork chain (foodtrace/demo/chain.py, tag D000): the market's part M1 sold to the supermarket.
DEMO_LOT = "TD0000000000MKT1"


def test_city_admin_traces_a_lot_both_ways(page, platform):
    log_in(page, platform, "city_admin")
    page.goto(platform.url + "/trace/")
    page.get_by_label("追溯码、GS1 数字链接或 EPC").fill(DEMO_LOT)
    page.get_by_label("方向").select_option("both")
    page.get_by_role("button", name="追溯").click()
    graph = page.locator("#trace-graph")
    expect(graph).to_be_visible()
    # Root, the carcass lot it was split from and the farm's pigs: at least three boxes, the root marked.
    assert graph.locator("g.lot").count() >= 3
    expect(graph.locator("g.lot.root")).to_have_attribute("data-lot", f"plot:{DEMO_LOT}")
    parties = page.locator("#trace-parties tbody tr")
    assert parties.count() >= 4  # farm, slaughterhouse, market, supermarket
    # Farm first: the table follows the goods. The retailer is the demo business_user's supermarket in
    # 芙蓉区, with its licence status in Chinese.
    names = parties.locator("td:first-child").all_inner_texts()
    market = next(i for i, name in enumerate(names) if "批发市场" in name)
    assert market < next(i for i, name in enumerate(names) if "超市" in name), names
    retailer = page.locator("#trace-parties tbody tr", has_text="超市")
    expect(retailer.first).to_contain_text("芙蓉区")
    expect(retailer.first).to_contain_text("有效")
    timeline = page.locator("#trace-timeline li")
    assert timeline.count() >= 6
    expect(timeline.first).to_contain_text("生产")
    # Beijing time with its offset, and what each step did in plain Chinese; the standard's terms in tooltips.
    expect(timeline.first.locator("time")).to_contain_text("+08:00")
    shown = " ".join(timeline.all_inner_texts())
    assert "发货" in shown and "收货" in shown, shown
    for term in ("ObjectEvent", "OBSERVE", "shipping", "receiving", "UTC"):
        assert term not in shown, term
    expect(timeline.locator("span.event-word[title='ObjectEvent OBSERVE shipping']").first).to_have_text("发货")
    expect(page.locator("#trace-edges")).to_contain_text("千克")
    expect(page.locator("#trace-edges")).to_contain_text("+08:00")
    assert "KGM" not in page.locator("#trace-edges").inner_text()
    # One step back / forward from the table isn't linked; an unreadable code says what is wrong.
    page.get_by_label("追溯码、GS1 数字链接或 EPC").fill("urn:epc:class:lgtin:nonsense")
    page.get_by_role("button", name="追溯").click()
    expect(page.get_by_role("alert")).to_contain_text("nonsense")


def test_district_regulator_sees_only_its_part_of_the_chain(page, platform):
    log_in(page, platform, "furong_regulator")
    page.goto(platform.url + f"/trace/?code={DEMO_LOT}&direction=both")
    # Only 芙蓉区's events: the supermarket's receipt of M1, which names its supplier (one step back); the
    # farm upstream (in 望城区 in the demo city of seed 2026) stays out of sight.
    expect(page.locator("#trace-graph g.lot.root")).to_have_count(1)
    districts = set(page.locator("#trace-parties tbody tr td:nth-child(3)").all_inner_texts())
    assert "芙蓉区" in districts and "望城区" not in districts, districts
