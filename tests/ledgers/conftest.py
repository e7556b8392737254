"""A market stall that keeps its ledger on the platform, its supplier and customer, and file helpers."""

import csv
import io

import pytest

from tests.conftest import make_business, make_location, make_product, make_user
from tests.sheets import workbooks

PURCHASE_HEADERS = ["进货日期时间*", "供应商统一社会信用代码*", "供应商名称*", "产品名称或商品条码*", "批号或追溯码",
                    "数量*", "单位*", "检疫证明编号", "发票号", "检验报告编号"]
SALES_HEADERS = ["销售日期时间*", "客户统一社会信用代码*", "客户名称*", "产品名称或商品条码*", "批号或追溯码", "数量*",
                 "单位*", "检疫证明编号", "发票号", "检验报告编号"]
CERTIFICATE_HEADERS = ["索证日期时间*", "供应商统一社会信用代码*", "供应商名称*", "产品名称或商品条码*", "批号或追溯码",
                       "数量", "单位", "检疫证明编号", "发票号", "检验报告编号"]
PLATFORM_LOT = "T0LEDGER0000001A"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Certificate files go to a throw-away directory, not the developer's var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def shop(db):
    """A stall holder in 芙蓉区 with a stall, a pork product with a GTIN and loose cabbage without one."""
    business = make_business("430102", "farmers_market", name="芙蓉测试摊位")
    business.stall = make_location(business, kind="stall")
    business.pork = make_product(business, name="冷鲜猪肉")
    business.cabbage = make_product(business, category="vegetables.leafy", gtin=False, name="大白菜")
    return business


@pytest.fixture
def keeper(shop):
    return make_user("business_user", business=shop)


@pytest.fixture
def supplier(db):
    return make_business("430104", "wholesale_market", name="岳麓测试批发市场")


@pytest.fixture
def customer(db):
    return make_business("430102", "catering", name="芙蓉测试饭店")


def xlsx(rows) -> bytes:
    return workbooks.ordinary(rows)


def csv_bytes(rows, encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def purchase_row(supplier, product, lot="", quantity=50, unit="千克", time="2026-03-01 08:30", qc="", inv="",
                 report="", name=None):
    return [time, supplier.uscc, name or supplier.name, product, lot, quantity, unit, qc, inv, report]
