"""Bulk import (批量导入) of businesses, licences and products: all rows or none, every problem reported."""

import io
import itertools
from datetime import date, datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import Workbook, load_workbook

from foodtrace.audit.models import AuditEntry
from foodtrace.identifiers import make_gtin13, make_licence_number, make_uscc, uscc_check_char
from foodtrace.identifiers.uscc import USCC_CHARSET
from foodtrace.registry import imports
from foodtrace.registry.models import Business, Licence, LicenceStatusChange, Product
from tests.conftest import make_api_client, make_business, make_licence, make_product, make_user
from tests.sheets import workbooks

_seq = itertools.count(1)

BUSINESS_HEADERS = ["统一社会信用代码*", "名称*", "类型*", "所属区县*", "地址", "纬度", "经度", "法定代表人",
                    "联系人", "联系电话"]
LICENCE_HEADERS = ["统一社会信用代码*", "许可证编号*", "许可范围", "发证机关", "有效期起*", "有效期至*"]
PRODUCT_HEADERS = ["统一社会信用代码*", "产品名称*", "产品类别*", "商品条码", "规格", "单位", "保质期(天)"]


def xlsx(rows) -> bytes:
    return workbooks.ordinary(rows)


def csv_bytes(rows, encoding="utf-8-sig") -> bytes:
    return "\r\n".join(",".join(str(v) for v in row) for row in rows).encode(encoding)


def new_uscc(district="430102") -> str:
    return make_uscc(district, f"MC{next(_seq):07d}")


def flagged_uscc(district="430102") -> str:
    """A well-formed USCC whose check character is wrong (such codes exist in practice)."""
    code = new_uscc(district)
    wrong = next(c for c in USCC_CHARSET if c != uscc_check_char(code[:17]))
    return code[:17] + wrong


def new_gtin() -> str:
    return make_gtin13("6909876", next(_seq))


def licence_number(district="430102", kind="JY") -> str:
    return make_licence_number(kind, district, 500 + next(_seq), "101" if kind == "SC" else 1)


def run(actor, kind, content, filename=None):
    filename = filename or f"{kind}.xlsx"
    with translation.override("en"):
        return imports.registry_import(actor=actor, kind=kind, filename=filename, content=content)


def cells(report) -> set[tuple[int, str]]:
    return {(e.row, e.column) for e in report.errors}


@pytest.fixture
def regulator(db):
    return make_user("district_regulator", region="430102")


@pytest.fixture
def city_admin(db):
    return make_user("city_admin", region="430100")


# Businesses -------------------------------------------------------------------------------------------

def test_clean_xlsx_imports_every_row_with_its_fields(city_admin):
    good, numeric_district, flagged = new_uscc(), new_uscc("430104"), flagged_uscc()
    content = xlsx([
        BUSINESS_HEADERS,
        [good, "芙蓉生鲜超市", "大型超市", "芙蓉区", "五一大道1号", 28.1941, 112.98231234, "李四", "王五",
         13812345678],
        [numeric_district, "岳麓食品厂", "producer", 430104, None, None, None, None, None, None],
        [flagged, "老码农贸市场", "农贸市场", "长沙市芙蓉区", "", "", "", "", "", "0731-84123456"],
    ])
    before = Business.objects.count()
    report = run(city_admin, "businesses", content)
    assert report.ok, report.errors
    assert (report.rows, report.imported, report.flagged) == (3, 3, 1)
    assert Business.objects.count() == before + 3

    shop = Business.objects.get(uscc=good)
    assert (shop.name, shop.kind, shop.district_id, shop.address) == ("芙蓉生鲜超市", "supermarket", "430102",
                                                                      "五一大道1号")
    assert str(shop.latitude) == "28.194100" and str(shop.longitude) == "112.982312"
    assert shop.legal_representative == "李四"
    assert (shop.contact_name, shop.contact_phone) == ("王五", "13812345678")
    assert shop.uscc_check_ok and shop.status == "operating"
    # Personal data went through the encrypting field although bulk_create saved it.
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_phone FROM registry_business WHERE id = %s", [shop.pk])
        assert "13812345678" not in cursor.fetchone()[0]

    plant = Business.objects.get(uscc=numeric_district)
    assert (plant.kind, plant.district_id, plant.latitude) == ("producer", "430104", None)
    market = Business.objects.get(uscc=flagged)
    assert market.uscc_check_ok is False
    assert (market.kind, market.district_id) == ("farmers_market", "430102")
    assert market.contact_phone == "0731-84123456"


def test_headers_match_english_keys_and_unstarred_names_in_any_case(city_admin):
    uscc = new_uscc()
    content = csv_bytes([[" USCC ", "名称", "Kind", "所属区县 *", "CONTACT_PHONE"],
                         [uscc, "小食堂", "食堂", "430102", "13900001111"]], encoding="utf-8")
    report = run(city_admin, "businesses", content, "b.csv")
    assert report.ok, report.errors
    assert Business.objects.get(uscc=uscc).kind == "canteen"


def test_gb18030_csv_imports(city_admin):
    uscc = new_uscc("430104")
    content = csv_bytes([BUSINESS_HEADERS, [uscc, "岳麓区湘江餐饮有限公司", "餐饮企业", "岳麓区", "麓山路8号",
                                            "", "", "赵六", "", ""]], encoding="gb18030")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    report = run(city_admin, "businesses", content, "企业.csv")
    assert report.ok, report.errors
    business = Business.objects.get(uscc=uscc)
    assert (business.name, business.kind) == ("岳麓区湘江餐饮有限公司", "catering")
    assert business.legal_representative == "赵六"


def test_a_file_with_bad_rows_imports_nothing_and_names_every_problem(city_admin):
    content = xlsx([
        BUSINESS_HEADERS,
        [new_uscc(), "好企业", "超市", "芙蓉区"],  # row 2: fine on its own
        ["91430102MA12345", "短代码企业", "超市", "芙蓉区"],  # row 3: USCC too short
        [new_uscc(), None, "小卖部", "芙蓉区"],  # row 4: no name, unknown kind
        [],  # row 5: empty, skipped
        [new_uscc(), "外地企业", "超市", "火星区"],  # row 6: unknown district
        [new_uscc(), "坐标错", "超市", "芙蓉区", "", 95, 112.9],  # row 7: latitude out of range
        [new_uscc(), "半个坐标", "超市", "430100", "", 28.2],  # row 8: the city, and no longitude
    ])
    before = Business.objects.count()
    report = run(city_admin, "businesses", content)
    assert not report.ok and report.imported == 0 and report.rows == 6
    assert Business.objects.count() == before
    assert cells(report) == {(3, "统一社会信用代码*"), (4, "名称*"), (4, "类型*"), (6, "所属区县*"),
                             (7, "纬度"), (8, "所属区县*"), (8, "经度")}
    messages = {(e.row, e.column): e.message for e in report.errors}
    assert "18" in messages[(3, "统一社会信用代码*")]
    assert "小卖部" in messages[(4, "类型*")]
    assert "not the city" in messages[(8, "所属区县*")]
    # Sorted by row, then by the column order of the file.
    first_three = [(e.row, e.column) for e in report.errors][:3]
    assert first_three == [(3, "统一社会信用代码*"), (4, "名称*"), (4, "类型*")]


def test_duplicate_uscc_in_the_file_and_in_the_database_are_both_reported(city_admin):
    existing = make_business("430102")
    twice = new_uscc()
    content = xlsx([BUSINESS_HEADERS,
                    [twice, "甲", "超市", "芙蓉区"],
                    [existing.uscc, "乙", "超市", "芙蓉区"],
                    [twice.lower(), "丙", "超市", "芙蓉区"]])
    report = run(city_admin, "businesses", content)
    assert cells(report) == {(3, "统一社会信用代码*"), (4, "统一社会信用代码*")}
    messages = {e.row: e.message for e in report.errors}
    assert "already registered" in messages[3]
    assert "row 2" in messages[4]


def test_half_a_coordinate_is_reported_on_a_column_the_file_has(city_admin):
    content = csv_bytes([["uscc", "name", "kind", "district", "latitude"],
                         [new_uscc(), "甲", "超市", "芙蓉区", "28.2"]])
    report = run(city_admin, "businesses", content, "b.csv")
    assert cells(report) == {(2, "latitude")}


def test_district_regulator_cannot_import_into_another_district(regulator):
    content = xlsx([BUSINESS_HEADERS,
                    [new_uscc(), "本区企业", "超市", "芙蓉区"],
                    [new_uscc("430104"), "外区企业", "超市", "430104"]])
    before = Business.objects.count()
    report = run(regulator, "businesses", content)
    assert cells(report) == {(3, "所属区县*")}
    assert "outside your area" in report.errors[0].message
    assert Business.objects.count() == before


def test_excel_numbers_that_lost_digits_are_reported(city_admin):
    content = xlsx([BUSINESS_HEADERS, [914301020000000000.0, "数字代码", "超市", "芙蓉区"]])
    report = run(city_admin, "businesses", content)
    assert cells(report) == {(2, "统一社会信用代码*")}
    assert "15 digits" in report.errors[0].message
    content = csv_bytes([BUSINESS_HEADERS[:4], ["9.14301E+17", "科学计数", "超市", "芙蓉区"]])
    report = run(city_admin, "businesses", content, "b.csv")
    assert "scientific notation" in report.errors[0].message


def test_identifier_errors_follow_the_active_language(city_admin):
    content = xlsx([BUSINESS_HEADERS, ["123", "甲", "超市", "芙蓉区"]])
    with translation.override("zh-hans"):
        report = imports.registry_import(actor=city_admin, kind="businesses", filename="b.xlsx", content=content)
    assert "统一社会信用代码应为18位" in report.errors[0].message
    assert "A USCC has 18 characters" in run(city_admin, "businesses", content).errors[0].message


# Licences ---------------------------------------------------------------------------------------------

def test_licences_import_with_their_issued_history(regulator):
    shop = make_business("430102")
    plant = make_business("430102", kind="producer")
    jy, sc = licence_number(), licence_number(kind="SC")
    content = xlsx([LICENCE_HEADERS,
                    [shop.uscc, jy, "预包装食品销售", "长沙市芙蓉区市场监督管理局", datetime(2025, 3, 1),
                     "2030/2/28"],
                    [plant.uscc.lower(), sc.lower(), "", "", "2025-01-01", date(2029, 12, 31)]])
    report = run(regulator, "licences", content, "许可证.xlsx")
    assert report.ok, report.errors
    assert report.imported == 2
    licence = Licence.objects.get(number=jy)
    assert (licence.business, licence.kind, licence.area_code) == (shop, "JY", "430102")
    assert licence.status == "valid"
    assert (licence.valid_from, licence.valid_until) == (date(2025, 3, 1), date(2030, 2, 28))
    assert licence.issued_by == "长沙市芙蓉区市场监督管理局"
    assert Licence.objects.get(number=sc).kind == "SC"
    history = LicenceStatusChange.objects.filter(licence__number__in=[jy, sc])
    assert history.count() == 2
    change = history.get(licence=licence)
    assert (change.from_status, change.to_status, change.actor_name) == ("", "valid", regulator.username)
    assert "许可证.xlsx" in change.reason


def test_licence_history_without_ids_returned_from_bulk_insert(regulator, monkeypatch):
    """Databases that cannot return ids from a bulk insert still get each licence's history row."""
    monkeypatch.setattr(type(connection.features), "can_return_rows_from_bulk_insert", False)
    shop = make_business("430102")
    number = licence_number()
    report = run(regulator, "licences", xlsx([LICENCE_HEADERS, [shop.uscc, number, "", "", "2025-01-01",
                                                                "2030-01-01"]]))
    assert report.ok, report.errors
    assert LicenceStatusChange.objects.get(licence__number=number).to_status == "valid"


def test_licence_problems_are_reported(regulator):
    shop = make_business("430102")
    other_district = make_business("430104")
    taken = make_licence(shop)
    wrong_area = licence_number("430104")
    twice = licence_number()
    content = xlsx([LICENCE_HEADERS,
                    [shop.uscc, wrong_area, "", "", "2025-01-01", "2030-01-01"],  # row 2: area ≠ district
                    [shop.uscc, taken.number, "", "", "2025-01-01", "2030-01-01"],  # row 3: registered
                    [shop.uscc, twice, "", "", "2025-01-01", "2030-01-01"],  # row 4: fine
                    [shop.uscc, twice, "", "", "2025-01-01", "2030-01-01"],  # row 5: same as row 4
                    [other_district.uscc, licence_number("430104"), "", "", "2025-01-01", "2030-01-01"],  # 6
                    [shop.uscc, licence_number(), "", "", "2030-01-01", "2025-01-01"],  # row 7: ends first
                    [shop.uscc, "XK123", "", "", "31.1.2025", ""],  # row 8: number, dates
                    ])
    before = Licence.objects.count()
    report = run(regulator, "licences", content)
    assert Licence.objects.count() == before
    assert cells(report) == {(2, "许可证编号*"), (3, "许可证编号*"), (5, "许可证编号*"),
                             (6, "统一社会信用代码*"), (7, "有效期至*"), (8, "许可证编号*"), (8, "有效期起*"),
                             (8, "有效期至*")}
    messages = {(e.row, e.column): e.message for e in report.errors}
    assert "430104" in messages[(2, "许可证编号*")] and "430102" in messages[(2, "许可证编号*")]
    assert "row 4" in messages[(5, "许可证编号*")]
    assert "in your area" in messages[(6, "统一社会信用代码*")]


# Products ---------------------------------------------------------------------------------------------

def test_products_import_and_bad_gtins_are_reported(regulator):
    plant = make_business("430102", kind="producer")
    good = new_gtin()
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    existing = make_product(plant)
    content = xlsx([PRODUCT_HEADERS,
                    [plant.uscc, "冷鲜猪肉", "猪肉", int(good), "500g/盒", "盒", 5],
                    [plant.uscc, "白菜", "vegetables.leafy", None, None, None, None],
                    [plant.uscc, "校验位错", "meat.pork", bad, "", "", ""],
                    [plant.uscc, "已有条码", "猪肉", existing.gtin, "", "", ""],
                    [plant.uscc, "怪单位", "火星菜", "", "", "吨", "1.5"]])
    report = run(regulator, "products", content)
    assert cells(report) == {(4, "商品条码"), (5, "商品条码"), (6, "产品类别*"), (6, "单位"),
                             (6, "保质期(天)")}
    assert "check digit" in {e.row: e.message for e in report.errors}[4]
    assert not Product.objects.filter(name="冷鲜猪肉").exists()

    content = xlsx([PRODUCT_HEADERS,
                    [plant.uscc, "冷鲜猪肉", "猪肉", int(good), "500g/盒", "盒", 5],
                    [plant.uscc, "白菜", "vegetables.leafy", None, None, None, None]])
    report = run(regulator, "products", content)
    assert report.ok, report.errors
    pork = Product.objects.get(name="冷鲜猪肉")
    assert (pork.business, pork.category_id, pork.gtin) == (plant, "meat.pork", good.zfill(14))
    assert (pork.unit, pork.shelf_life_days, pork.specification) == ("box", 5, "500g/盒")
    cabbage = Product.objects.get(name="白菜")
    assert (cabbage.gtin, cabbage.unit, cabbage.shelf_life_days) == (None, "kg", None)


def test_products_need_a_business_in_the_actors_area(regulator):
    foreign = make_business("430104", kind="producer")
    content = xlsx([PRODUCT_HEADERS, [foreign.uscc, "外区产品", "猪肉"]])
    report = run(regulator, "products", content)
    assert cells(report) == {(2, "统一社会信用代码*")}


def test_lookups_are_set_based(regulator):
    """The number of queries does not grow with the number of rows."""
    shop = make_business("430102")

    def queries(n):
        rows = [PRODUCT_HEADERS] + [[shop.uscc, f"产品{i}", "猪肉", new_gtin()] for i in range(n)]
        rows.append([shop.uscc, "", "猪肉"])  # one bad row: validate only, write nothing
        with CaptureQueriesContext(connection) as ctx:
            assert not run(regulator, "products", xlsx(rows)).ok
        return len(ctx.captured_queries)

    queries(1)  # warm-up: the user's region is fetched once and cached
    assert queries(3) == queries(60) <= 3  # businesses in scope, categories, registered GTINs


# Audit, permissions, file problems --------------------------------------------------------------------

def test_one_audit_entry_for_an_import_and_none_for_a_failed_one(regulator):
    usccs = [new_uscc(), new_uscc()]
    audit = AuditEntry.objects.all()
    before = audit.count()
    content = xlsx([BUSINESS_HEADERS] + [[u, "企业", "超市", "芙蓉区"] for u in usccs])
    report = run(regulator, "businesses", content)
    assert report.ok
    assert audit.count() == before + 1  # not one "create" entry per row
    entry = audit.get(action="import")
    assert (entry.object_type, entry.actor_name) == ("registry.business", regulator.username)
    assert entry.actor_role == "district_regulator"
    assert entry.changes == {"count": 2, "file": "businesses.xlsx", "keys": usccs}

    bad = xlsx([BUSINESS_HEADERS, [new_uscc(), "", "超市", "芙蓉区"]])
    assert not run(regulator, "businesses", bad).ok
    assert audit.count() == before + 1
    assert audit.filter(action="import").count() == 1


@pytest.mark.parametrize("role", ["inspector", "lab_user", "system_admin"])
def test_roles_without_the_permission_may_not_import(db, role):
    user = make_user(role)
    content = xlsx([BUSINESS_HEADERS, [new_uscc(), "企业", "超市", "芙蓉区"]])
    with pytest.raises(PermissionDenied):
        imports.registry_import(actor=user, kind="businesses", filename="b.xlsx", content=content)


@pytest.mark.parametrize(("filename", "content", "needle"), [
    ("b.xls", b"\xd0\xcf\x11\xe0", ".xls"),
    ("b.pdf", b"%PDF-1.7", ".xlsx"),
    ("b.xlsx", b"not a zip at all", "damaged"),
    ("b.csv", b"", "empty"),
    ("b.csv", b"\n\nuscc,name\n", "first row"),
    ("b.csv", b"PK\x03\x04rest", "Excel workbook"),
    ("b.csv", "统一社会信用代码,名称,类型,所属区县\n".encode(), "no data rows"),
])
def test_unreadable_files_give_one_clear_error(city_admin, filename, content, needle):
    report = run(city_admin, "businesses", content, filename)
    assert [(e.row, e.column) for e in report.errors] == [(0, "")]
    assert needle in report.errors[0].message


def test_unknown_duplicate_and_missing_columns_are_reported_on_row_1(city_admin):
    content = csv_bytes([["统一社会信用代码", "名称", "名称", "备注"], [new_uscc(), "甲", "甲", "x"]])
    report = run(city_admin, "businesses", content, "b.csv")
    assert cells(report) == {(1, "名称"), (1, "备注"), (1, "类型"), (1, "所属区县")}
    assert "备注" in {e.column: e.message for e in report.errors}["备注"]


def test_limits_on_rows_and_size(city_admin, monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 2)
    rows = [BUSINESS_HEADERS] + [[new_uscc(), "企业", "超市", "芙蓉区"] for _ in range(3)]
    report = run(city_admin, "businesses", xlsx(rows))
    assert report.errors[0].row == 0 and "more than 2 data rows" in report.errors[0].message
    monkeypatch.setattr(imports, "MAX_BYTES", 100)
    report = run(city_admin, "businesses", b"x" * 101, "b.csv")
    assert report.errors[0].row == 0 and "larger than" in report.errors[0].message


def test_row_numbers_count_empty_rows_and_leading_gaps_in_xlsx(city_admin):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(BUSINESS_HEADERS)
    sheet.cell(row=9, column=1, value="bad")  # rows 2-8 never written
    sheet.cell(row=9, column=2, value="甲")
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = run(city_admin, "businesses", buffer.getvalue())
    assert {e.row for e in report.errors} == {9}


@pytest.mark.parametrize(("value", "expected"), [
    ("2026-01-31", date(2026, 1, 31)), ("2026/1/31", date(2026, 1, 31)), ("2026.01.31", date(2026, 1, 31)),
    ("2026年1月31日", date(2026, 1, 31)), ("20260131", date(2026, 1, 31)), (20260131, date(2026, 1, 31)),
    (datetime(2026, 1, 31, 0, 0), date(2026, 1, 31)), ("2026-01-31 00:00:00", date(2026, 1, 31)),
    (46053, date(2026, 1, 31)), ("2026-02-30", None), ("31/01/2026", None), ("soon", None),
])
def test_dates_are_read_in_the_forms_people_type(value, expected):
    assert imports._date(value) == expected


# Templates --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", imports.IMPORT_KINDS)
def test_templates_have_the_headers_and_an_explanation_sheet(db, kind):
    content, content_type = imports.template_file(kind, "xlsx")
    assert content_type == imports.XLSX_CONTENT_TYPE
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert headers == [c.template_header for c in imports.COLUMNS[kind]]
    assert sheet["A1"].font.bold
    assert "说明" in workbook.sheetnames
    notes = workbook["说明"]
    listed = [row[0] for row in notes.iter_rows(min_row=2, max_row=len(headers) + 1, values_only=True)]
    assert listed == headers

    content, content_type = imports.template_file(kind, "csv")
    assert content_type.startswith("text/csv")
    assert content.startswith(b"\xef\xbb\xbf")
    assert content.decode("utf-8-sig").strip() == ",".join(headers)


def test_business_template_lists_kinds_and_districts_and_round_trips(city_admin):
    content, _ = imports.template_file("businesses", "xlsx")
    workbook = load_workbook(io.BytesIO(content))
    help_text = " ".join(str(v) for row in workbook["说明"].iter_rows(values_only=True) for v in row if v)
    assert "大型超市" in help_text and "芙蓉区 (430102)" in help_text
    uscc = new_uscc()
    workbook.worksheets[0].append([uscc, "模板企业", "大型超市", "芙蓉区"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert run(city_admin, "businesses", buffer.getvalue()).ok
    assert Business.objects.filter(uscc=uscc).exists()


# API, page, command -----------------------------------------------------------------------------------

def test_api_refuses_a_client_key_without_the_permission(client, db):
    _, key = make_api_client(role="department_system", region="430102", kinds=["supermarket"])
    upload = SimpleUploadedFile("b.xlsx", xlsx([BUSINESS_HEADERS, [new_uscc(), "企业", "超市", "芙蓉区"]]))
    response = client.post("/api/v1/registry/imports/businesses", {"file": upload}, HTTP_X_API_KEY=key)
    assert response.status_code == 403
    assert not Business.objects.filter(name="企业").exists()


def test_api_imports_for_a_logged_in_regulator(client, regulator, otp_verified):
    otp_verified(regulator)
    uscc = new_uscc()
    good = SimpleUploadedFile("b.xlsx", xlsx([BUSINESS_HEADERS, [uscc, "接口企业", "超市", "芙蓉区"]]))
    response = client.post("/api/v1/registry/imports/businesses", {"file": good})
    assert response.status_code == 200, response.content
    assert response.json() == {"kind": "businesses", "rows": 1, "imported": 1, "errors": []}
    assert Business.objects.filter(uscc=uscc).exists()

    bad = SimpleUploadedFile("b.csv", csv_bytes([BUSINESS_HEADERS[:4], [new_uscc("430104"), "外区", "超市",
                                                                        "岳麓区"]]))
    response = client.post("/api/v1/registry/imports/businesses", {"file": bad})
    assert response.status_code == 422
    body = response.json()
    assert body["imported"] == 0
    assert [(e["row"], e["column"]) for e in body["errors"]] == [(2, "所属区县*")]


def test_api_serves_templates(client, db):
    response = client.get("/api/v1/registry/imports/licences/template?format=csv")
    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").startswith("统一社会信用代码*,许可证编号*")


def test_import_page_renders_imports_and_shows_errors(client, regulator, otp_verified):
    otp_verified(regulator)
    response = client.get("/registry/import/")
    assert response.status_code == 200
    page = response.content.decode()
    for field in ("id_kind", "id_file"):
        assert f'for="{field}"' in page and f'id="{field}"' in page
    assert 'enctype="multipart/form-data"' in page
    assert "/registry/import/template/products.xlsx" in page

    bad = SimpleUploadedFile("b.xlsx", xlsx([BUSINESS_HEADERS, [new_uscc(), "好", "超市", "芙蓉区"],
                                             ["91430102", "坏", "超市", "芙蓉区"]]))
    response = client.post("/registry/import/", {"kind": "businesses", "file": bad})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<table>" in page and "统一社会信用代码*" in page and "<td>3</td>" in page
    assert not Business.objects.filter(name="好").exists()

    uscc = new_uscc()
    good = SimpleUploadedFile("b.csv", csv_bytes([BUSINESS_HEADERS[:4],
                                                  [uscc, "页面企业", "超市", "芙蓉区"]]))
    response = client.post("/registry/import/", {"kind": "businesses", "file": good}, follow=True)
    assert response.redirect_chain[-1][0] == "/registry/import/"
    assert Business.objects.filter(uscc=uscc).exists()
    assert "1" in " ".join(str(m) for m in response.context["messages"])

    response = client.get("/registry/import/template/businesses.xlsx")
    assert response.status_code == 200 and response["Content-Type"] == imports.XLSX_CONTENT_TYPE
    assert client.get("/registry/import/template/businesses.pdf").status_code == 404


def test_import_page_needs_login_and_the_permission(client, db, otp_verified):
    assert client.get("/registry/import/").status_code == 302
    otp_verified(make_user("inspector"))
    assert client.get("/registry/import/").status_code == 403
    assert client.get("/registry/import/template/businesses.csv").status_code == 403


def test_command_imports_as_the_user_and_fails_on_a_bad_file(regulator, tmp_path):
    good = tmp_path / "good.csv"
    uscc = new_uscc()
    good.write_bytes(csv_bytes([BUSINESS_HEADERS[:4], [uscc, "命令行企业", "超市", "芙蓉区"]]))
    out = io.StringIO()
    call_command("import_registry", "businesses", str(good), "--as", regulator.username, stdout=out)
    assert "imported 1 rows" in out.getvalue()
    entry = AuditEntry.objects.get(action="import")
    assert (entry.actor_name, entry.source) == (regulator.username, "cli:import_registry")

    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx([BUSINESS_HEADERS, [new_uscc(), "甲", "超市", "芙蓉区"],
                          ["x", "乙", "超市", "芙蓉区"]]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import_registry", "businesses", str(bad), "--as", regulator.username, stderr=err)
    assert "row 3, column 统一社会信用代码*: " in err.getvalue()
    assert not Business.objects.filter(name="甲").exists()

    with pytest.raises(CommandError, match="no active user"):
        call_command("import_registry", "businesses", str(good), "--as", "nobody")
    with pytest.raises(CommandError):
        call_command("import_registry", "businesses", str(good), "--as", make_user("inspector").username)
