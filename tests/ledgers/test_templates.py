"""The empty ledger files: xlsx (with the 说明 sheet in both languages) and CSV, from the page and the API."""

import io

import pytest
from openpyxl import load_workbook

from foodtrace.ledgers.units import find_unit
from tests.conftest import log_in
from tests.ledgers.conftest import CERTIFICATE_HEADERS, PURCHASE_HEADERS, SALES_HEADERS

HEADERS = {"purchases": PURCHASE_HEADERS, "sales": SALES_HEADERS, "certificates": CERTIFICATE_HEADERS}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["purchases", "sales", "certificates"])
def test_xlsx_template_opens_with_the_headers_and_an_explanation_sheet(client, keeper, kind):
    log_in(client, keeper)
    response = client.get(f"/ledgers/template/{kind}.xlsx")
    assert response.status_code == 200
    assert f'filename="foodtrace-ledger-{kind}.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == HEADERS[kind]
    notes = workbook["说明"]
    text = "\n".join(str(c.value) for row in notes.iter_rows() for c in row if c.value)
    # Each column explained in Chinese and English; the unit table names the Rec 20 codes.
    assert "What to enter" in text and "填写说明" in text
    assert "quarantine_certificate" in text and "检疫证明编号" in text
    assert "unified social credit code" in text and "统一社会信用代码" in text
    assert "KGM" in text and "H87" in text and "斤" in text


@pytest.mark.django_db
def test_csv_template_and_the_api_download(client):
    response = client.get("/api/v1/ledgers/templates/sales", {"format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response.content.decode("utf-8-sig").strip().split(",") == SALES_HEADERS
    assert client.get("/api/v1/ledgers/templates/recipes").status_code == 404
    assert client.get("/api/v1/ledgers/templates/sales", {"format": "pdf"}).status_code == 404


def test_unit_spellings():
    assert find_unit("公斤").code == find_unit("KG").code == find_unit("kgm").code == "KGM"
    assert (find_unit("斤").code, find_unit("斤").factor) == ("KGM", 0.5)
    assert find_unit("克").code == "GRM" and find_unit("个").code == find_unit("件").code == "H87"
    assert find_unit("EA").code == "EA" and find_unit("桶") is None


@pytest.mark.django_db
def test_pages_need_a_login(client):
    for url in ("/ledgers/", "/ledgers/quick/", "/ledgers/attachments/", "/ledgers/template/sales.xlsx"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
