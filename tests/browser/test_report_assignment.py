"""A member of the public reports a problem bought in 芙蓉区; the district's regulator assigns it to the
district's inspector, who finds it on their workbench and opens it."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.browser.test_participation import answer_check_question

pytestmark = pytest.mark.browser


def test_a_district_regulator_assigns_a_complaint_to_the_districts_inspector(browser, page, platform):
    page.goto(f"{platform.url}/participate/report/")
    page.get_by_label("产品名称").fill("散装豆腐")
    page.get_by_label("异物", exact=True).check()
    page.get_by_label("问题描述").fill("买的豆腐里有一根头发。")
    page.get_by_label("购买地点：商家名称或市场摊位号").fill("五一路菜市场豆制品摊")
    page.get_by_label("购买地所在区县").select_option("430102")
    answer_check_question(page, "report")
    page.get_by_role("button", name="提交举报").click()
    expect(page.locator("h1")).to_have_text("举报已受理")
    tracking = page.locator("#tracking-number").inner_text().strip()

    regulator = browser.new_context(locale="zh-CN").new_page()
    log_in(regulator, platform, "furong_regulator")
    regulator.goto(platform.url + "/participate/manage/reports/")
    regulator.locator(f"tr[data-tracking='{tracking}']").get_by_role("link", name=tracking).click()
    choice = regulator.locator("#assign-user option", has_text=re.compile(r"^furong_inspector · 执法人员"))
    regulator.get_by_label("分派给（本区县的处理人员或执法人员）").select_option(choice.get_attribute("value"))
    regulator.get_by_role("button", name="分派").click()
    expect(regulator.locator("main")).to_contain_text("furong_inspector")
    regulator.context.close()

    inspector = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}).new_page()
    log_in(inspector, platform, "furong_inspector")
    inspector.goto(platform.url + "/")
    line = inspector.locator("[data-testid=workbench] li[data-key='participation.mine']")
    expect(line).to_contain_text("分派给您的投诉举报尚未办结")
    line.get_by_role("link").click()
    expect(inspector.locator("main")).to_contain_text(tracking)
    expect(inspector.locator("main")).to_contain_text("买的豆腐里有一根头发。")
    inspector.context.close()
