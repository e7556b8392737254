"""A regulator's day in the browser: log in with a second factor, see only their district, switch language."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_district_regulator_logs_in_with_totp_and_sees_only_their_district(page, platform):
    log_in(page, platform, "furong_regulator")
    assert page.get_by_text("区县监管人员").first.is_visible()
    assert page.get_by_test_id("workbench").is_visible()  # the home page is the workbench
    count = int(page.get_by_test_id("business-count").inner_text())
    assert count > 0
    page.goto(platform.url + "/admin/registry/business/")
    districts = page.locator("td.field-district").all_inner_texts()
    assert districts and set(districts) == {"芙蓉区 (430102)"}
    # Asking for another district by URL shows nothing of it.
    page.goto(platform.url + "/admin/registry/business/?district__code__exact=430104")
    assert set(page.locator("td.field-district").all_inner_texts()) <= {"芙蓉区 (430102)"}
    page.goto(platform.url + "/admin/registry/business/?q=岳麓区")
    assert set(page.locator("td.field-district").all_inner_texts()) <= {"芙蓉区 (430102)"}


def test_city_admin_sees_every_district(page, platform):
    log_in(page, platform, "city_admin")
    page.goto(platform.url + "/admin/registry/business/?all=")
    districts = set(page.locator("td.field-district").all_inner_texts())
    assert len(districts) == 9


def test_wrong_code_is_refused_and_right_code_lets_in(page, platform):
    page.goto(platform.url + "/accounts/login/")
    page.get_by_label("用户名").fill("auditadmin")
    page.get_by_label("密码").fill(platform.password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/accounts/otp/verify/"))
    page.get_by_label("6 位验证码").fill("000000")
    page.get_by_role("button", name="验证").click()
    assert page.get_by_role("alert").is_visible()
    assert "/accounts/otp/verify/" in page.url


def test_language_switch_to_english_and_back(page, platform):
    page.goto(platform.url + "/accounts/login/")
    assert page.get_by_role("heading", name="登录").is_visible()
    page.get_by_label("语言").select_option("en")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.get_by_label("Language").select_option("zh-hans")
    expect(page.get_by_role("heading", name="登录")).to_be_visible()


def test_business_user_needs_no_second_factor_and_sees_own_business(page, platform):
    log_in(page, platform, "business_user", totp=False)
    page.goto(platform.url + "/admin/registry/business/")
    assert page.locator("td.field-district").count() + page.locator("th.field-name").count() >= 1
    assert page.locator("#result_list tbody tr").count() == 1
