"""The registry JSON API: filters, pagination, field-level errors, licences and their status history."""

from datetime import date, timedelta

import pytest
from django.db import connection

from foodtrace.identifiers import make_licence_number, make_uscc
from foodtrace.registry.models import Business, LicenceStatusChange
from tests.conftest import make_business, make_licence, make_product, make_user


@pytest.fixture
def regulator(client, otp_verified):
    otp_verified(make_user("district_regulator", region="430102"))
    return client


@pytest.mark.django_db
def test_create_business_validates_uscc_and_flags_bad_check_character(regulator):
    good = make_uscc("430102", "MA4L12345")
    bad_check = good[:-1] + ("0" if good[-1] != "0" else "1")
    response = regulator.post("/api/v1/registry/businesses", {
        "uscc": bad_check.lower(), "name": "芙蓉区好邻居超市", "kind": "supermarket", "district_id": "430102",
        "contact_name": "李四", "contact_phone": "13911112222"}, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["uscc"] == bad_check and body["uscc_check_ok"] is False
    assert body["contact_phone"] == "13911112222"  # the regulator sees it in the detail
    bad = regulator.post("/api/v1/registry/businesses", {
        "uscc": "91430102MA4L1234", "name": "x", "kind": "supermarket", "district_id": "430102"},
        content_type="application/json")
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["field"] == "uscc"


@pytest.mark.django_db
def test_cannot_create_in_another_district(regulator):
    response = regulator.post("/api/v1/registry/businesses", {
        "uscc": make_uscc("430104", "MA4L99999"), "name": "岳麓区某店", "kind": "catering",
        "district_id": "430104"}, content_type="application/json")
    assert response.status_code == 403
    assert not Business.objects.filter(name="岳麓区某店").exists()


@pytest.mark.django_db
def test_personal_data_is_encrypted_at_rest_and_masked_in_lists(regulator):
    business = make_business("430102")
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_phone, contact_name FROM registry_business WHERE id = %s", [business.pk])
        raw_phone, raw_name = cursor.fetchone()
    assert "13812345678" not in raw_phone and "张三丰" not in raw_name
    items = regulator.get("/api/v1/registry/businesses").json()["items"]
    listed = next(i for i in items if i["id"] == business.pk)
    assert listed["contact_phone"] == "138****5678" and listed["contact_name"] == "张**"


@pytest.mark.django_db
def test_inspector_sees_personal_data_masked_even_in_detail(client, otp_verified):
    business = make_business("430102")
    otp_verified(make_user("inspector", region="430102"))
    body = client.get(f"/api/v1/registry/businesses/{business.pk}").json()
    assert body["contact_phone"] == "138****5678"


@pytest.mark.django_db
def test_filters_and_pagination(regulator):
    for i in range(60):
        make_business("430102", "catering", name=f"餐馆{i:02d}")
    make_business("430102", "canteen", name="学校食堂")
    page1 = regulator.get("/api/v1/registry/businesses?kind=catering").json()
    page2 = regulator.get("/api/v1/registry/businesses?kind=catering&page=2").json()
    assert page1["count"] == 60 and len(page1["items"]) == 50 and len(page2["items"]) == 10
    assert regulator.get("/api/v1/registry/businesses?q=学校").json()["count"] == 1


@pytest.mark.django_db
def test_licence_area_code_must_match_the_business_district(regulator):
    shop = make_business("430102")
    response = regulator.post("/api/v1/registry/licences", {
        "business_id": shop.pk, "number": make_licence_number("JY", "430103", 7, 1),
        "valid_from": "2026-01-01", "valid_until": "2031-01-01"}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "number" and "430103" in response.json()["detail"][0]["message"]


@pytest.mark.django_db
def test_licence_statuses_and_history(regulator):
    shop = make_business("430102")
    soon = make_licence(shop, valid_until=date.today() + timedelta(days=10))
    old = make_licence(shop, valid_until=date.today() - timedelta(days=1))
    fine = make_licence(shop)
    listed = regulator.get("/api/v1/registry/licences").json()["items"]
    statuses = {lic["id"]: lic["effective_status"] for lic in listed}
    assert statuses == {soon.pk: "expiring", old.pk: "expired", fine.pk: "valid"}
    assert regulator.get("/api/v1/registry/licences?status=expiring").json()["count"] == 1

    no_reason = regulator.post(f"/api/v1/registry/licences/{fine.pk}/status", {"status": "suspended"},
                               content_type="application/json")
    assert no_reason.status_code == 422 and no_reason.json()["detail"][0]["field"] == "reason"
    suspended = regulator.post(f"/api/v1/registry/licences/{fine.pk}/status",
                               {"status": "suspended", "reason": "后厨卫生不合格，责令整改"},
                               content_type="application/json")
    assert suspended.json()["effective_status"] == "suspended"
    regulator.post(f"/api/v1/registry/licences/{fine.pk}/status", {"status": "valid", "reason": "整改完成"},
                   content_type="application/json")
    history = regulator.get(f"/api/v1/registry/licences/{fine.pk}/history").json()
    assert [(h["from_status"], h["to_status"]) for h in history] == [("valid", "suspended"), ("suspended", "valid")]
    assert LicenceStatusChange.objects.filter(licence=fine).count() == 2


@pytest.mark.django_db
def test_products_gtin_normalised_and_category_tree(regulator):
    plant = make_business("430102", "producer")
    response = regulator.post("/api/v1/registry/products", {
        "business_id": plant.pk, "name": "湘味腊肉", "category_id": "meat.processed", "gtin": "6901234567892",
        "specification": "500g/袋", "shelf_life_days": 180}, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["gtin"] == "06901234567892"
    bad = regulator.post("/api/v1/registry/products", {
        "business_id": plant.pk, "name": "x", "category_id": "meat", "gtin": "6901234567891"},
        content_type="application/json")
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "gtin"
    make_product(plant, category="dairy.yogurt")
    meat = regulator.get("/api/v1/registry/products?category=meat").json()
    assert [p["name"] for p in meat["items"]] == ["湘味腊肉"]
    assert regulator.get("/api/v1/registry/products?gtin=6901234567892").json()["count"] == 1


@pytest.mark.django_db
def test_business_user_keeps_its_own_products_and_locations(client):
    from tests.conftest import log_in

    shop, other = make_business("430102"), make_business("430102")
    log_in(client, make_user("business_user", business=shop))
    ok = client.post("/api/v1/registry/locations", {"business_id": shop.pk, "name": "一号门店", "kind": "store"},
                     content_type="application/json")
    assert ok.status_code == 201 and ok.json()["code"].startswith("L430102-")
    not_mine = client.post("/api/v1/registry/locations", {"business_id": other.pk, "name": "x", "kind": "store"},
                           content_type="application/json")
    assert not_mine.status_code == 422
    assert client.post("/api/v1/registry/businesses", {}, content_type="application/json").status_code in (403, 422)
