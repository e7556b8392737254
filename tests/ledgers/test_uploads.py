"""Ledger files (进货台账、销售台账、索证索票): every row checked, all recorded as EPCIS events or none."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from foodtrace.audit.models import AuditEntry
from foodtrace.crypto import sm3_hex
from foodtrace.identifiers import make_uscc, uscc_check_char
from foodtrace.identifiers.uscc import USCC_CHARSET
from foodtrace.ledgers.models import LedgerUpload
from foodtrace.ledgers.uploads import ledger_upload
from foodtrace.trace.models import Event, EventTransaction, TraceEdge
from tests.conftest import make_api_client, make_user
from tests.ledgers.conftest import (
    CERTIFICATE_HEADERS,
    PLATFORM_LOT,
    PURCHASE_HEADERS,
    SALES_HEADERS,
    csv_bytes,
    purchase_row,
    xlsx,
)

GS1 = "https://id.gs1.org"


def run(actor, content, file_name="purchases.xlsx", kind="purchases"):
    return ledger_upload(actor=actor, file_name=file_name, content=content, kind=kind)


def query(client, key, **params):
    response = client.get("/epcis/events", params, HTTP_X_API_KEY=key)
    assert response.status_code == 200, response.content
    return response.json()["epcisBody"]["queryResults"]["resultsBody"]["eventList"]


@pytest.mark.django_db
def test_clean_purchase_file_becomes_receiving_events_and_shipped_to_edges(client, shop, keeper, supplier):
    content = xlsx([
        PURCHASE_HEADERS,
        purchase_row(supplier, shop.pork.gtin, lot="A2026-03", quantity=120.5, unit="kg", qc="4301001234",
                     inv="25430000000012345678", report="JC2026-001"),
        purchase_row(supplier, "大白菜", lot=PLATFORM_LOT.lower(), quantity=80, unit="斤", time="2026/3/1 9:05"),
    ])
    report = run(keeper, content)
    assert report.ok, report.errors
    assert (report.rows, report.recorded, report.duplicates) == (2, 2, 0)

    pork_lot = f"{GS1}/01/{shop.pork.gtin}/10/A2026-03"
    _, key = make_api_client(business=shop)
    [event] = query(client, key, MATCH_epcClass=pork_lot)
    assert (event["type"], event["action"], event["bizStep"], event["disposition"]) == (
        "ObjectEvent", "OBSERVE", "receiving", "in_progress")
    assert event["eventTime"] == "2026-03-01T08:30:00+08:00" and event["eventTimeZoneOffset"] == "+08:00"
    assert event["quantityList"] == [{"epcClass": pork_lot, "quantity": 120.5, "uom": "KGM"}]
    assert event["sourceList"] == [{"type": "owning_party", "source": f"urn:foodtrace:party:uscc:{supplier.uscc}"}]
    assert event["destinationList"] == [{"type": "owning_party",
                                         "destination": f"urn:foodtrace:party:uscc:{shop.uscc}"}]
    assert event["bizLocation"] == event["readPoint"] == {"id": f"urn:foodtrace:loc:{shop.stall.code}"}
    assert {(t["type"], t["bizTransaction"]) for t in event["bizTransactionList"]} == {
        ("urn:foodtrace:btt:quarantine_cert", "urn:foodtrace:qc:4301001234"),
        ("inv", "urn:foodtrace:inv:25430000000012345678"),
        ("urn:foodtrace:btt:inspection_report", "urn:foodtrace:ir:JC2026-001")}
    assert event["ft:productName"] == "冷鲜猪肉" and event["ft:partyName"] == supplier.name

    # 80 斤 of loose cabbage: a platform lot (upper-cased), recorded in kilograms.
    [cabbage] = query(client, key, MATCH_epcClass=f"urn:foodtrace:lot:{PLATFORM_LOT}")
    assert cabbage["quantityList"] == [{"epcClass": f"urn:foodtrace:lot:{PLATFORM_LOT}", "quantity": 40.0,
                                        "uom": "KGM"}]

    edge = TraceEdge.objects.get(kind=TraceEdge.Kind.SHIPPED_TO, via_key=f"lgtin:{shop.pork.gtin}:A2026-03")
    assert (edge.from_key, edge.to_key, edge.business_id) == (f"uscc:{supplier.uscc}", f"uscc:{shop.uscc}", shop.pk)
    assert TraceEdge.objects.filter(kind=TraceEdge.Kind.SHIPPED_TO, via_key=f"plot:{PLATFORM_LOT}").exists()
    assert EventTransaction.objects.filter(value="urn:foodtrace:qc:4301001234").count() == 1

    upload = LedgerUpload.objects.get(pk=report.upload_id)
    assert (upload.status, upload.kind, upload.source, upload.rows, upload.recorded) == (
        "success", "purchases", "file", 2, 2)
    assert (upload.business, upload.user, upload.file_name) == (shop, keeper, "purchases.xlsx")
    assert upload.sm3 == sm3_hex(content) and upload.size == len(content)
    assert str(upload.capture_job_id) == report.capture_job
    assert set(Event.objects.filter(capture_job_id=upload.capture_job_id).values_list("business_id", flat=True)) == {
        shop.pk}
    entry = AuditEntry.objects.get(object_type="ledgers.ledgerupload", object_id=str(upload.pk))
    assert (entry.action, entry.actor_name) == ("create", keeper.audit_name)


@pytest.mark.django_db
def test_the_same_file_again_records_nothing_twice_but_equal_rows_are_two_deliveries(shop, keeper, supplier):
    row = purchase_row(supplier, shop.pork.gtin, lot="B1", quantity=10)
    content = xlsx([PURCHASE_HEADERS, row, row, purchase_row(supplier, shop.pork.gtin, lot="B2")])
    first = run(keeper, content)
    assert first.ok and (first.recorded, first.duplicates) == (3, 0)
    again = run(keeper, content)
    assert again.ok and (again.recorded, again.duplicates) == (0, 3)
    assert Event.objects.filter(business=shop).count() == 3
    repeats = [e.document.get("ft:repeat") for e in Event.objects.filter(business=shop)]
    assert sorted(r or 1 for r in repeats) == [1, 1, 2]


def _flagged(code: str) -> str:
    wrong = next(c for c in USCC_CHARSET if c != uscc_check_char(code[:17]))
    return code[:17] + wrong


@pytest.mark.django_db
def test_every_problem_is_reported_by_row_and_column_and_nothing_is_recorded(shop, keeper, supplier):
    good = purchase_row(supplier, shop.pork.gtin, lot="OK1")
    content = xlsx([
        PURCHASE_HEADERS,
        good,
        ["2026-13-45", supplier.uscc, supplier.name, shop.pork.gtin, "L1", 5, "kg", "", "", ""],
        [good[0], "91430102ABC", supplier.name, "不存在的产品", "", -3, "桶", "", "", ""],
        [good[0], _flagged(make_uscc("430104", "MY0000001")), supplier.name, "大白菜", "", 5, "kg", "", "", ""],
        [good[0], shop.uscc, "", "6901234567891", "批次一", "abc", "kg", "", "", ""],
        ["2099-01-01 00:00", supplier.uscc, supplier.name, shop.pork.gtin, "L2", 5, "kg", "x" * 70, "", ""],
    ])
    events, uploads = Event.objects.count(), LedgerUpload.objects.count()
    with translation.override("en"):
        report = run(keeper, content)
    assert not report.ok and report.recorded == 0
    found = {(e.row, e.column) for e in report.errors}
    assert found == {
        (3, "进货日期时间*"),
        (4, "供应商统一社会信用代码*"), (4, "产品名称或商品条码*"), (4, "数量*"), (4, "单位*"),
        (5, "供应商统一社会信用代码*"), (5, "批号或追溯码"),
        (6, "供应商统一社会信用代码*"), (6, "供应商名称*"), (6, "产品名称或商品条码*"), (6, "数量*"),
        (7, "进货日期时间*"), (7, "检疫证明编号"),
    }, report.errors
    # Sorted by row, then by the file's column order; every message in both languages.
    assert [e.row for e in report.errors] == sorted(e.row for e in report.errors)
    messages = {(e.row, e.column): e for e in report.errors}
    assert "not a date" in messages[(3, "进货日期时间*")].message_en
    assert "不是" in messages[(3, "进货日期时间*")].message_zh
    assert "own business" in messages[(6, "供应商统一社会信用代码*")].message_en
    assert "future" in messages[(7, "进货日期时间*")].message_en
    assert "check character" in messages[(5, "供应商统一社会信用代码*")].message_en
    assert all(e.message_zh and e.message_en and e.message_zh != e.message_en for e in report.errors)

    assert Event.objects.count() == events
    assert LedgerUpload.objects.count() == uploads + 1
    failed = LedgerUpload.objects.get(pk=report.upload_id)
    assert (failed.status, failed.recorded, failed.capture_job) == ("failure", 0, None)
    assert {(e["row"], e["column"]) for e in failed.errors} == found
    assert all(set(e) == {"row", "column", "message_zh", "message_en"} for e in failed.errors)


@pytest.mark.django_db
def test_header_problems_and_unreadable_files(shop, keeper):
    report = run(keeper, xlsx([["进货日期", "供应商统一社会信用代码*"], ["x", "y"]]))
    assert {(e.row, e.column) for e in report.errors} >= {(1, "进货日期"), (1, "供应商名称")}
    report = run(keeper, b"not a workbook", file_name="ledger.xlsx")
    assert [(e.row, e.column) for e in report.errors] == [(0, "")]
    assert "Excel" in report.errors[0].message_en and report.errors[0].message_zh != report.errors[0].message_en
    report = run(keeper, b"whatever", file_name="ledger.txt")
    assert report.errors[0].row == 0
    assert LedgerUpload.objects.filter(status="failure").count() == 3


@pytest.mark.django_db
def test_gb18030_csv_from_chinese_excel(client, shop, keeper, supplier):
    content = csv_bytes([PURCHASE_HEADERS, purchase_row(supplier, "大白菜", lot=PLATFORM_LOT, quantity=12, unit="公斤",
                                                        time="2026年3月2日 7:15", qc="湘检A-0001")],
                        encoding="gb18030")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    report = run(keeper, content, file_name="进货台账.csv", kind=None)  # the kind is told by the headers
    assert report.ok, report.errors
    assert report.kind == "purchases"
    [event] = Event.objects.filter(business=shop)
    assert event.document["eventTime"] == "2026-03-02T07:15:00+08:00"
    assert event.document["ft:partyName"] == supplier.name
    assert event.document["bizTransactionList"] == [{"type": "urn:foodtrace:btt:quarantine_cert",
                                                     "bizTransaction": "urn:foodtrace:qc:%E6%B9%98%E6%A3%80A-0001"}]


@pytest.mark.django_db
def test_sales_ledger_ships_to_the_customer(shop, keeper, customer):
    buyer = [customer.uscc, customer.name]
    content = xlsx([SALES_HEADERS,
                    ["2026-03-03 10:00", *buyer, "大白菜", PLATFORM_LOT, 20, "kg", "", "NO.88", ""],
                    ["2026-03-03 11:00", *buyer, shop.pork.gtin, "", 3, "个", "", "", ""]])
    report = run(keeper, content, kind="sales")
    assert report.ok, report.errors
    events = {e.document["quantityList"][0]["epcClass"]: e.document for e in Event.objects.filter(business=shop)}
    sale = events[f"urn:foodtrace:lot:{PLATFORM_LOT}"]
    assert (sale["bizStep"], sale["disposition"]) == ("shipping", "in_transit")
    assert sale["sourceList"][0]["source"].endswith(shop.uscc)
    assert sale["destinationList"][0]["destination"].endswith(customer.uscc)
    # No lot for a product with a GTIN: recorded for the product class.
    assert events[f"{GS1}/01/{shop.pork.gtin}"]["quantityList"][0]["uom"] == "H87"
    edge = TraceEdge.objects.get(via_key=f"plot:{PLATFORM_LOT}")
    assert (edge.from_key, edge.to_key) == (f"uscc:{shop.uscc}", f"uscc:{customer.uscc}")


@pytest.mark.django_db
def test_certificate_records_need_a_document_and_add_no_delivery(shop, keeper, supplier):
    row = ["2026-03-01", supplier.uscc, supplier.name, shop.pork.gtin, "C1", "", "", "", "", ""]
    missing = run(keeper, xlsx([CERTIFICATE_HEADERS, row]), kind="certificates")
    assert [(e.row, e.column) for e in missing.errors] == [(2, "检疫证明编号")]
    report = run(keeper, xlsx([CERTIFICATE_HEADERS, ["2026-03-01", supplier.uscc, supplier.name, shop.pork.gtin,
                                                     "C1", "", "", "QC-1；QC-2", "", "R-9"]]), kind="certificates")
    assert report.ok, report.errors
    [event] = Event.objects.filter(business=shop)
    assert event.biz_step == "inspecting" and "destinationList" not in event.document
    assert event.document["quantityList"] == [{"epcClass": f"{GS1}/01/{shop.pork.gtin}/10/C1"}]
    assert [t["bizTransaction"] for t in event.document["bizTransactionList"]] == [
        "urn:foodtrace:qc:QC-1", "urn:foodtrace:qc:QC-2", "urn:foodtrace:ir:R-9"]
    assert not TraceEdge.objects.filter(event_id=event.pk).exists()


@pytest.mark.django_db
def test_units_are_mapped_to_rec20_codes(shop, keeper, supplier):
    rows = [purchase_row(supplier, shop.pork.gtin, lot=f"U{i}", quantity=q, unit=u)
            for i, (q, u) in enumerate([(500, "克"), (2, "吨"), (3, "件"), (1.5, "升"), (4, "箱"), (7, "EA"),
                                        (9, "KGM")])]
    report = run(keeper, xlsx([PURCHASE_HEADERS, *rows]))
    assert report.ok, report.errors
    units = {e.document["quantityList"][0]["epcClass"][-2:]: (e.document["quantityList"][0]["quantity"],
                                                             e.document["quantityList"][0]["uom"])
             for e in Event.objects.filter(business=shop)}
    assert units == {"U0": (500, "GRM"), "U1": (2, "TNE"), "U2": (3, "H87"), "U3": (1.5, "LTR"), "U4": (4, "XBX"),
                     "U5": (7, "EA"), "U6": (9, "KGM")}


@pytest.mark.django_db
def test_a_business_without_a_location_is_told_to_register_one(supplier):
    from tests.conftest import make_business

    bare = make_business("430102", "catering")
    user = make_user("business_user", business=bare)
    report = run(user, xlsx([PURCHASE_HEADERS, purchase_row(supplier, "6901234567892")]))
    assert [(e.row, e.column) for e in report.errors] == [(0, "")]
    assert "location" in report.errors[0].message_en


@pytest.mark.django_db
def test_only_a_business_user_may_upload(shop, supplier):
    content = xlsx([PURCHASE_HEADERS, purchase_row(supplier, shop.pork.gtin, lot="X1")])
    for user in (make_user("district_regulator", region="430102"), make_user("city_admin")):
        with pytest.raises(PermissionDenied):
            run(user, content)
    assert not LedgerUpload.objects.exists()


@pytest.mark.django_db
def test_a_file_is_checked_with_a_few_queries_whatever_its_length(shop, keeper, supplier):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from foodtrace.ledgers.checks import check_rows
    from foodtrace.ledgers.columns import match_headers
    from foodtrace.ledgers.report import LedgerReport
    from foodtrace.sheets import read_table, rows_of

    def queries(n):
        rows = [purchase_row(supplier, "大白菜" if i % 2 else shop.pork.gtin, lot=f"T{i:015d}")
                for i in range(n)]
        table = read_table("x.xlsx", xlsx([PURCHASE_HEADERS, *rows]))
        report = LedgerReport("purchases")
        positions = match_headers("purchases", table.headers, report)
        with CaptureQueriesContext(connection) as captured:
            entries = check_rows("purchases", shop, rows_of(table, positions, report))
        assert report.ok and len(entries) == n, report.errors
        return len(captured)

    assert queries(3) == queries(60) <= 3
