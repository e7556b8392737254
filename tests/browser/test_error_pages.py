"""A 403 and a 404 as a person are Chinese pages in the platform's frame (English with the switch), never a
debug page listing the URL patterns: the server runs as `make demo` runs it (DJANGO_DEBUG=0, tests/server.py)."""

from playwright.sync_api import expect

from tests.browser.conftest import log_in

DEBUG_SIGNS = ("URLconf", "Django tried these URL patterns", "Traceback", "DEBUG = True")


def assert_no_debug_page(page) -> None:
    body = page.content()
    for sign in DEBUG_SIGNS:
        assert sign not in body, sign


def test_an_unknown_address_is_a_chinese_page_and_english_with_the_switch(page, platform):
    response = page.goto(platform.url + "/registry/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("找不到此页面")
    expect(page.get_by_role("link", name="到公共查询页查询追溯码")).to_be_visible()
    assert_no_debug_page(page)
    page.get_by_label("语言").select_option("en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_role("link", name="Look up a trace code in the public look-up")).to_be_visible()
    assert_no_debug_page(page)


def test_a_page_the_role_may_not_open_is_a_chinese_403_with_what_to_do(page, platform):
    log_in(page, platform, "business_user", totp=False)
    response = page.goto(platform.url + "/exports/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("无权访问此页面")
    expect(page.locator("[data-testid=error-403]")).to_contain_text("您的角色无权")
    expect(page.get_by_role("button", name="退出并用有此权限的其他账号登录")).to_be_visible()
    expect(page.get_by_role("link", name="回到工作台")).to_be_visible()
    assert_no_debug_page(page)
    # "Log in with another account": out, and to the log-in page that comes back here.
    page.get_by_role("button", name="退出并用有此权限的其他账号登录").click()
    page.wait_for_url(lambda url: "/accounts/login/" in url and "next=/exports/" in url)
    expect(page.get_by_label("用户名")).to_be_visible()


def test_static_files_are_served_without_debug(page, platform):
    response = page.goto(platform.url + "/static/foodtrace/site.css")
    assert response.status == 200 and "text/css" in response.headers["content-type"]
