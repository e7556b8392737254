"""The FDA FSMA 204 sortable spreadsheet: rows, KDEs, formats, scope, permissions and parameter errors."""

import csv
import io
from datetime import datetime

import pytest
from openpyxl import load_workbook

from foodtrace.audit.models import AuditEntry
from foodtrace.exports.fsma204 import COLUMNS
from tests.conftest import make_api_client, make_user
from tests.exports.conftest import CHILD_1, CHILD_2, FARM_LOT, LOT_A, LOT_B, OTHER_FARM_LOT

URL = "/api/v1/exports/fsma204"
COL = {name: index for index, name in enumerate(COLUMNS)}


def read_csv(response) -> list[dict]:
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf"), "UTF-8 byte-order mark for Excel"
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert tuple(rows[0]) == COLUMNS
    return [dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]]


def city_key() -> str:
    return make_api_client(role="city_admin", region="430100")[1]


def get(client, key, **params):
    return client.get(URL, params, HTTP_X_API_KEY=key)


@pytest.mark.django_db
def test_tlc_export_has_every_cte_of_the_chain(client, chain):
    response = get(client, city_key(), tlc=chain.lot_a_uri, format="csv")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'attachment; filename="fsma204-' in response["Content-Disposition"]
    rows = read_csv(response)
    assert response["X-FoodTrace-Rows"] == str(len(rows))
    # Backward to the farm lot, forward to the market's split lots; lot B (a sibling output) is not in the chain.
    assert [(r["Critical Tracking Event"], r["Traceability Lot Code"]) for r in rows] == [
        ("Harvesting", FARM_LOT), ("Cooling", FARM_LOT), ("Shipping", FARM_LOT), ("Receiving", FARM_LOT),
        ("Transformation", LOT_A), ("Shipping", LOT_A), ("Receiving", LOT_A),
        ("Transformation", CHILD_1), ("Transformation", CHILD_2), ("Shipping", CHILD_1), ("Receiving", CHILD_1),
    ]
    assert LOT_B not in response.content.decode("utf-8-sig")
    assert [r["Event Date"] for r in rows] == sorted(r["Event Date"] for r in rows)

    harvest, _cooling, farm_ship, farm_receive, transform, ship_a = rows[:6]
    assert (harvest["Quantity"], harvest["Unit of Measure"], harvest["Event Date"]) == ("500", "kg", "2026-03-01")
    assert harvest["Event Time"] == "08:00:00+08:00"
    assert harvest["Location Description - Business Name"] == chain.farm.name
    assert harvest["Location Description - Location Name"] == "3号地块"
    assert harvest["Location Identifier"] == chain.field_loc.code
    # The farm assigned the farm lot's code; the processor its own lots'.
    assert harvest["Traceability Lot Code Source - Business Name"] == chain.farm.name
    assert harvest["Traceability Lot Code Source Reference"] == f"http://testserver/t/{FARM_LOT}"
    assert transform["Traceability Lot Code Source - Business Name"] == chain.processor.name
    assert transform["Traceability Lot Code Source - Location Identifier"] == \
        f"{chain.plant.code} / GLN {chain.plant.gln}"
    assert transform["Traceability Lot Code Source Reference"] == \
        f"http://testserver/01/{chain.product.gtin}/10/{LOT_A}"

    # Shipping: the immediate subsequent recipient (at its named location) and the reference documents.
    assert farm_ship["Immediate Subsequent Recipient - Business Name"] == chain.processor.name
    assert chain.plant.code in farm_ship["Immediate Subsequent Recipient - Location Identifier"]
    assert farm_ship["Immediate Previous Source - Business Name"] == ""
    assert farm_ship["Reference Document Type"] == "Purchase Order; Despatch Advice; Quarantine Certificate"
    assert farm_ship["Reference Document Number"] == "; ".join(
        chain.documents[k] for k in ("po", "desadv", "qc"))
    # Receiving: the immediate previous source, where it was received.
    assert farm_receive["Immediate Previous Source - Business Name"] == chain.farm.name
    assert farm_receive["Immediate Previous Source - Location Identifier"] == f"USCC {chain.farm.uscc}"
    assert farm_receive["Location Description - Business Name"] == chain.processor.name
    assert farm_receive["Immediate Subsequent Recipient - Business Name"] == ""

    # Transformation: the new lot, its product, its quantity, the input lots.
    assert transform["Product Description"] == f"净菜沙拉 250g/盒 (GTIN {chain.product.gtin})"
    assert (transform["Quantity"], transform["Input Traceability Lot Codes"]) == ("300", FARM_LOT)
    assert transform["Input Quantities and Units of Measure"] == "500 kg"
    assert ship_a["Immediate Subsequent Recipient - Business Name"] == chain.market.name
    assert ship_a["Reference Document Type"] == "Invoice"
    assert ship_a["Reference Document Number"] == chain.documents["inv_a"]
    # The market's split lots keep the product of the lot they were split from.
    child_rows = [r for r in rows if r["Traceability Lot Code"] == CHILD_1]
    assert {r["Product Description"] for r in child_rows} == {transform["Product Description"]}
    assert child_rows[0]["Input Traceability Lot Codes"] == LOT_A
    assert child_rows[0]["Input Product Descriptions"] == transform["Product Description"]
    assert child_rows[0]["Input Quantities and Units of Measure"] == "100 kg"
    assert child_rows[-1]["Location Description - Business Name"] == chain.shop.name

    entry = AuditEntry.objects.filter(action="export", object_type="exports.fsma204").get()
    assert entry.changes["rows"] == len(rows) and entry.changes["format"] == "csv"
    assert entry.object_id == f"lgtin:{chain.product.gtin}:{LOT_A}"


@pytest.mark.django_db
def test_any_spelling_of_the_lot_gives_the_same_rows(client, chain):
    key = city_key()
    by_uri = read_csv(get(client, key, tlc=chain.lot_a_uri))
    by_lot_and_gtin = read_csv(get(client, key, tlc=LOT_A, gtin=chain.product.gtin[1:]))  # GTIN-13
    by_path = read_csv(get(client, key, tlc=f"/01/{chain.product.gtin}/10/{LOT_A}"))
    strip = lambda rows: [{k: v for k, v in r.items() if k != "EPCIS Event ID"} for r in rows]  # noqa: E731
    assert strip(by_uri) == strip(by_lot_and_gtin) == strip(by_path)
    # A platform lot code as printed under a QR code: the farm lot's chain forward reaches both outputs.
    farm = read_csv(get(client, key, tlc=FARM_LOT))
    assert {r["Traceability Lot Code"] for r in farm} == {FARM_LOT, LOT_A, LOT_B, CHILD_1, CHILD_2}


@pytest.mark.django_db
def test_xlsx_has_the_same_rows_with_frozen_header_and_filter(client, chain):
    key = city_key()
    csv_rows = read_csv(get(client, key, tlc=chain.lot_a_uri))
    response = get(client, key, tlc=chain.lot_a_uri, format="xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].endswith('.xlsx"')
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["FSMA 204"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:AA{len(csv_rows) + 1}"
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == COLUMNS

    def text(value) -> str:
        if isinstance(value, datetime):
            return value.date().isoformat()
        if isinstance(value, float | int):
            return str(int(value)) if float(value).is_integer() else str(value)
        return value or ""

    assert [dict(zip(COLUMNS, map(text, row), strict=True)) for row in values[1:]] == csv_rows
    assert isinstance(values[1][COL["Event Date"]], datetime)  # a real date: sorts and filters as one
    about = dict(row[:2] for row in workbook["About"].iter_rows(values_only=True) if row[0])
    assert about["Rows"] == str(len(csv_rows)) and LOT_A in about["Request"]


@pytest.mark.django_db
def test_date_range_and_gtin(client, chain):
    key = city_key()
    rows = read_csv(get(client, key, **{"from": "2026-03-02", "to": "2026-03-03"}))
    assert [(r["Critical Tracking Event"], r["Traceability Lot Code"], r["Event Date"]) for r in rows] == [
        ("Harvesting", OTHER_FARM_LOT, "2026-03-02"), ("Transformation", LOT_A, "2026-03-02"),
        ("Transformation", LOT_B, "2026-03-02"), ("Shipping", LOT_A, "2026-03-03"),
        ("Receiving", LOT_A, "2026-03-03"),
    ]
    # Lots made before the range still name their TLC source (one more query, not one per row).
    early = read_csv(get(client, key, **{"from": "2026-03-04", "to": "2026-03-04"}))
    assert {r["Traceability Lot Code"] for r in early} == {CHILD_1, CHILD_2}
    assert {r["Traceability Lot Code Source - Business Name"] for r in early} == {chain.market.name}
    # Whole days in Beijing time: the 08:00 harvest of 1 March is on 1 March, not on 29 February (UTC).
    first_day = read_csv(get(client, key, **{"from": "2026-03-01", "to": "2026-03-01"}))
    assert [r["Critical Tracking Event"] for r in first_day] == ["Harvesting", "Cooling", "Shipping", "Receiving"]
    one_product = read_csv(get(client, key, gtin=chain.product.gtin, **{"from": "2026-03-01", "to": "2026-03-31"}))
    assert {r["Traceability Lot Code"] for r in one_product} == {LOT_A, LOT_B, CHILD_1, CHILD_2}
    assert all(chain.product.gtin in r["Product Description"] for r in one_product)
    by_product = read_csv(get(client, key, product=str(chain.product.pk), **{"from": "2026-03-01", "to": "2026-03-31"}))
    assert by_product == one_product


@pytest.mark.django_db
def test_regulator_of_another_district_gets_no_rows_of_this_chain(client, chain):
    _, key = make_api_client(role="district_regulator", region="430104")
    for params in ({"tlc": chain.lot_a_uri}, {"tlc": FARM_LOT}, {"from": "2026-03-01", "to": "2026-03-31"}):
        response = get(client, key, **params)
        assert response.status_code == 200
        assert read_csv(response) == []
    _, own = make_api_client(role="district_regulator", region="430102")
    assert len(read_csv(get(client, own, tlc=chain.lot_a_uri))) == 11


@pytest.mark.django_db
def test_inspector_may_export_business_user_may_not(client, chain):
    _, inspector = make_api_client(role="inspector", region="430100")
    assert get(client, inspector, tlc=chain.lot_a_uri).status_code == 200
    _, shop_key = make_api_client(business=chain.shop)
    response = get(client, shop_key, tlc=chain.lot_a_uri)
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="export", actor_role="business_user").exists()
    assert client.get(URL, {"tlc": chain.lot_a_uri}).status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize(("params", "field", "says"), [
    ({}, "tlc", "traceability lot code"),
    ({"tlc": FARM_LOT, "from": "2026-03-01", "to": "2026-03-02"}, "tlc", "not both"),
    ({"tlc": "L260302A"}, "tlc", "also needs the product's gtin"),
    ({"tlc": "urn:epc:id:sscc:0614141.1234567890"}, "tlc", "not a traceability lot"),
    ({"from": "2026-03-01"}, "to", "both from and to"),
    ({"from": "2026-03-32", "to": "2026-04-01"}, "from", "YYYY-MM-DD"),
    ({"from": "2026-03-05", "to": "2026-03-01"}, "to", "before it starts"),
    ({"from": "2026-01-01", "to": "2027-01-31"}, "to", "at most 366 days"),
    ({"tlc": FARM_LOT, "format": "pdf"}, "format", "csv or xlsx"),
    ({"tlc": FARM_LOT, "gtin": "6901234000055"}, "gtin", "check digit"),
    ({"from": "2026-03-01", "to": "2026-03-02", "product": "999999"}, "product", "no product 999999"),
])
def test_bad_parameters_are_422_with_the_parameter_and_why(client, chain, params, field, says):
    response = client.get(URL, params, HTTP_X_API_KEY=city_key(), HTTP_COOKIE="django_language=en")
    assert response.status_code == 422, response.content
    (problem,) = response.json()["detail"]
    assert problem["field"] == field
    assert says in problem["message"], problem["message"]


@pytest.mark.django_db
def test_messages_are_chinese_by_default(client, chain):
    response = get(client, city_key(), format="pdf", tlc=FARM_LOT)
    assert response.status_code == 422
    assert "csv" in response.json()["detail"][0]["message"]
    assert "格式" in response.json()["detail"][0]["message"]


@pytest.mark.django_db
def test_export_runs_a_fixed_number_of_queries(client, chain, django_assert_max_num_queries):
    """No per-row look-ups: the walk, then one query per kind of data whatever the number of rows."""
    from foodtrace.exports import fsma204

    user = make_user("city_admin")
    query = fsma204.parse_query({"from": "2026-03-01", "to": "2026-03-31"}, user)
    with django_assert_max_num_queries(10):
        export = fsma204.build(query, user)
    assert len(export.rows) == 13


@pytest.mark.django_db
def test_page_form_and_download(client, chain, otp_verified):
    otp_verified(make_user("inspector", region="430102"))
    page = client.get("/exports/")
    assert page.status_code == 200
    assert 'name="tlc"' in page.content.decode() and 'action="/exports/fsma204/"' in page.content.decode()
    response = client.get("/exports/fsma204/", {"tlc": chain.lot_a_uri, "format": "xlsx"})
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content))["FSMA 204"].max_row == 12
    wrong = client.get("/exports/fsma204/", {"from": "2026-03-05", "to": "2026-03-01"})
    assert wrong.status_code == 400
    assert "before it starts" in wrong.content.decode() or "早于" in wrong.content.decode()


@pytest.mark.django_db
def test_page_refuses_a_business_user(client, chain):
    from tests.conftest import log_in

    log_in(client, make_user("business_user", business=chain.shop))
    assert client.get("/exports/").status_code == 403
    assert client.get("/exports/fsma204/", {"tlc": FARM_LOT}).status_code == 403


def test_columns_are_unique_and_cover_the_kdes():
    assert len(set(COLUMNS)) == len(COLUMNS)
    for name in ("Traceability Lot Code", "Product Description", "Quantity", "Unit of Measure",
                 "Traceability Lot Code Source Reference", "Reference Document Type", "Reference Document Number"):
        assert name in COLUMNS
