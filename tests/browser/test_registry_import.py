"""A district regulator imports a spreadsheet in the browser: errors first, then a clean file."""

import pytest

from foodtrace.identifiers import make_uscc
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

HEADER = "统一社会信用代码,名称,类型,所属区县,地址\n"


def test_import_with_errors_changes_nothing_then_a_clean_file_imports(page, platform, tmp_path):
    log_in(page, platform, "yuelu_regulator")
    page.goto(platform.url + "/registry/import/")
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + f"{make_uscc('430104', 'BRW000001')},浏览器测试超市甲,supermarket,430104,五一大道1号\n"
                   "9143010,坏代码商店,supermarket,430104,五一大道2号\n"
                   f"{make_uscc('430102', 'BRW000002')},芙蓉区越权商店,catering,430102,麓山路3号\n",
                   encoding="utf-8")
    page.get_by_label("文件", exact=False).set_input_files(str(bad))
    page.get_by_role("button").filter(has_text="导入").click()
    table = page.locator("table")
    rows = table.locator("tbody tr").all_inner_texts()
    assert any(r.startswith("3") for r in rows), rows  # the bad code
    assert any(r.startswith("4") for r in rows), rows  # the other district

    good = tmp_path / "good.csv"
    good.write_text(HEADER + f"{make_uscc('430104', 'BRW000003')},浏览器测试超市乙,supermarket,430104,五一大道9号\n",
                    encoding="utf-8")
    page.get_by_label("文件", exact=False).set_input_files(str(good))
    page.get_by_role("button").filter(has_text="导入").click()
    assert page.locator(".messages li").first.is_visible()
    page.goto(platform.url + "/admin/registry/business/?q=浏览器测试超市")
    names = page.locator("#result_list tbody tr").all_inner_texts()
    assert len(names) == 1 and "浏览器测试超市乙" in names[0]
