"""POST /api/v1/ledgers/uploads and the lists, and who may see which upload."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from foodtrace.ledgers.models import LedgerUpload
from foodtrace.trace.models import Event
from tests.conftest import make_api_client, make_user
from tests.ledgers.conftest import PURCHASE_HEADERS, purchase_row, xlsx


def post_file(client, key, content, name="ledger.xlsx", **data):
    return client.post("/api/v1/ledgers/uploads", {"file": SimpleUploadedFile(name, content), **data},
                       HTTP_X_API_KEY=key)


@pytest.mark.django_db
def test_api_upload_records_a_clean_file_and_answers_422_with_every_problem(client, shop, supplier):
    _, key = make_api_client(business=shop)
    good = xlsx([PURCHASE_HEADERS, purchase_row(supplier, shop.pork.gtin, lot="API1")])
    response = post_file(client, key, good)  # no kind: the headers are the purchase template's
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["kind"], body["rows"], body["recorded"], body["errors"]) == ("purchases", 1, 1, [])
    assert Event.objects.filter(business=shop, biz_step="receiving").count() == 1

    bad = xlsx([PURCHASE_HEADERS, purchase_row(supplier, "没有的产品", quantity=0),
                purchase_row(supplier, shop.pork.gtin, unit="桶")])
    response = post_file(client, key, bad, kind="purchases", HTTP_COOKIE="django_language=en")
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert {(e["row"], e["column"]) for e in errors} == {(2, "产品名称或商品条码*"), (2, "数量*"), (3, "单位*")}
    assert all(e["message_zh"] and e["message_en"] for e in errors)
    assert errors[0]["message"] == errors[0]["message_zh"]  # Chinese unless English was chosen
    assert Event.objects.filter(business=shop).count() == 1

    listed = client.get("/api/v1/ledgers/uploads", HTTP_X_API_KEY=key).json()
    assert [u["status"] for u in listed["items"]] == ["failure", "success"]
    one = client.get(f"/api/v1/ledgers/uploads/{listed['items'][0]['id']}", HTTP_X_API_KEY=key).json()
    assert {e["row"] for e in one["errors"]} == {2, 3}


@pytest.mark.django_db
def test_a_regulator_may_not_upload_and_a_department_may_not_list(client, shop, supplier):
    _, regulator_key = make_api_client(role="district_regulator", region="430102")
    content = xlsx([PURCHASE_HEADERS, purchase_row(supplier, shop.pork.gtin, lot="R1")])
    assert post_file(client, regulator_key, content).status_code == 403
    _, department_key = make_api_client(role="department_system", region="430100", kinds=["farmers_market"])
    assert client.get("/api/v1/ledgers/uploads", HTTP_X_API_KEY=department_key).status_code == 403
    assert not LedgerUpload.objects.exists()


@pytest.mark.django_db
def test_a_regulator_of_another_district_cannot_see_the_upload(client, shop, keeper, supplier, otp_verified):
    from foodtrace.ledgers.uploads import ledger_upload

    content = xlsx([PURCHASE_HEADERS, purchase_row(supplier, shop.pork.gtin, lot="SCOPE1")])
    report = ledger_upload(actor=keeper, file_name="芙蓉进货.xlsx", content=content, kind="purchases")
    assert report.ok, report.errors
    upload = LedgerUpload.objects.get(pk=report.upload_id)

    yuelu = make_user("district_regulator", region="430104")
    furong = make_user("district_regulator", region="430102")
    assert not LedgerUpload.objects.restrict(yuelu).exists()
    assert list(LedgerUpload.objects.restrict(furong)) == [upload]
    assert list(LedgerUpload.objects.restrict(make_user("city_admin"))) == [upload]

    otp_verified(yuelu)
    page = client.get("/ledgers/")
    assert page.status_code == 200 and "芙蓉进货.xlsx" not in page.content.decode()
    assert client.get(f"/ledgers/uploads/{upload.pk}/").status_code == 404
    assert "芙蓉进货" not in client.get("/api/v1/ledgers/uploads").content.decode()
    assert client.get(f"/api/v1/ledgers/uploads/{upload.pk}").status_code == 404
    # Regulators read; they do not write.
    assert client.get("/ledgers/quick/").status_code == 403

    client.logout()
    otp_verified(furong)
    assert "芙蓉进货.xlsx" in client.get("/ledgers/").content.decode()
    detail = client.get(f"/ledgers/uploads/{upload.pk}/").content.decode()
    assert upload.sm3 in detail and shop.name in detail


@pytest.mark.django_db
def test_the_upload_page_lists_errors_and_redirects_after_a_clean_file(client, shop, keeper, supplier):
    from tests.conftest import log_in

    log_in(client, keeper)
    bad = xlsx([PURCHASE_HEADERS, purchase_row(supplier, shop.pork.gtin, lot="P1", unit="桶")])
    response = client.post("/ledgers/", {"kind": "purchases", "file": SimpleUploadedFile("bad.xlsx", bad)})
    page = response.content.decode()
    assert response.status_code == 200 and "未登记任何数据" in page and "未知单位“桶”" in page
    good = xlsx([PURCHASE_HEADERS, purchase_row(supplier, shop.pork.gtin, lot="P1")])
    response = client.post("/ledgers/", {"kind": "purchases", "file": SimpleUploadedFile("good.xlsx", good)})
    assert response.status_code == 302
    upload = LedgerUpload.objects.get(file_name="good.xlsx")
    assert response["Location"] == f"/ledgers/uploads/{upload.pk}/"
    assert upload.ip == "127.0.0.1" and upload.user == keeper
    client.cookies["django_language"] = "en"
    page = client.get("/ledgers/").content.decode()
    assert "Unknown unit" not in page and "good.xlsx" in page and "bad.xlsx" in page
    failed = LedgerUpload.objects.get(file_name="bad.xlsx")
    assert "Unknown unit “桶”" in client.get(f"/ledgers/uploads/{failed.pk}/").content.decode()
