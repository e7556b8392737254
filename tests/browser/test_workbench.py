"""Every demo role lands on a workbench (工作台) with its own items, at desktop width and on a 390 px phone.

One log-in per role (a second TOTP log-in would have to wait for the next 30-second code): the same page is
checked wide, then narrowed to a phone.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
NO_SECOND_FACTOR = {"lab_user", "business_user"}
# Items the demo data makes certain for a role (the districts' own items depend on the seed's draw). The business
# user's ledger reminder is not among them: other browser tests of the same session record a purchase as that
# user, which rightly ends the reminder (tests/workbench/test_providers.py checks it both ways).
EXPECTED = {
    "city_admin": ["registry.licences_expired"],
    "sysadmin": ["system.backup", "system.jobs"],
    "secadmin": ["accounts.locked", "accounts.second_factor_missing"],
    "auditadmin": ["audit.chain"],
}


def fits_the_phone(page) -> bool:
    page.set_viewport_size(PHONE)
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def wide(browser):
    def open_page():
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15000)
        return context, context.new_page()

    return open_page


def test_every_demo_role_finds_its_workbench_wide_and_on_a_phone(wide, platform):
    for username in ("city_admin", "furong_regulator", "yuelu_regulator", "furong_inspector", "lab_user",
                     "business_user", "sysadmin", "secadmin", "auditadmin"):
        context, page = wide()
        try:
            log_in(page, platform, username, totp=username not in NO_SECOND_FACTOR)
            page.goto(platform.url + "/")
            expect(page.get_by_role("heading", name="工作台", exact=True)).to_be_visible()
            board = page.get_by_test_id("workbench")
            expect(board.get_by_role("heading", name="今日待办")).to_be_visible()
            expect(page.get_by_role("heading", name="快捷入口")).to_be_visible()
            lines = board.locator("li.wb-item")
            assert lines.count() or page.get_by_test_id("workbench-empty").is_visible(), username
            for key in EXPECTED.get(username, []):
                expect(board.locator(f'li[data-key="{key}"]')).to_be_visible()
            if username == "lab_user":
                expect(page.get_by_test_id("workbench-empty")).to_contain_text("样品")
            breakdown = page.get_by_test_id("district-breakdown")
            if username == "city_admin":
                assert breakdown.locator("tbody tr").count() == 9
            else:
                assert breakdown.count() == 0, username  # no one below the city sees other districts
            assert fits_the_phone(page), username
            expect(board).to_be_visible()
        finally:
            context.close()


def test_city_admin_follows_a_district_count_to_exactly_those_licences(page, platform):
    log_in(page, platform, "city_admin")
    page.goto(platform.url + "/")
    column = page.locator('[data-testid="district-breakdown"] thead th[data-key="registry.licences_expired"]')
    index = page.locator('[data-testid="district-breakdown"] thead th').evaluate_all(
        "(cells, key) => cells.findIndex(c => c.dataset.key === key)", "registry.licences_expired")
    assert column.count() == 1 and index > 0
    link = page.locator(f'[data-testid="district-breakdown"] tbody td:nth-child({index + 1}) a').first
    count = int(link.inner_text())
    link.click()
    page.wait_for_url(re.compile(r"/admin/registry/licence/\?.*business__district__code__exact="))
    assert page.locator("#result_list tbody tr").count() == count


def test_audit_administrator_verifies_the_chain_from_the_workbench(page, platform):
    log_in(page, platform, "auditadmin")
    page.goto(platform.url + "/")
    page.locator('li[data-key="audit.chain"] a').click()
    page.get_by_role("button", name="立即核验审计链").click()
    expect(page.locator(".messagelist")).to_contain_text("审计链完整")
    expect(page.get_by_test_id("last-verification")).to_contain_text("auditadmin")
    page.goto(platform.url + "/")
    expect(page.locator('li[data-key="audit.chain"]')).to_contain_text("审计链完整")
