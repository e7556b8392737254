"""The API mechanisms every operation shares (foodtrace/apikit, foodtrace/references.py), each on every
operation it concerns, found by walking the OpenAPI documents rather than listing operations by hand."""

import re

import jsonschema
import pytest
from django.test import Client

from foodtrace.api import api
from foodtrace.registry.models import Business, Product
from foodtrace.trace.epcis_api import epcis
from tests.conftest import make_api_client, make_user

BEYOND_64_BITS = 2**64


def _openapi(ninja_api, prefix):
    return ninja_api.get_openapi_schema(path_prefix=prefix)


def _operations(document, method):
    for path, methods in document["paths"].items():
        if method in methods:
            yield re.sub(r"\{[^}]+\}", "1", path), methods[method]


@pytest.fixture
def city_admin(client, otp_verified):
    client.raise_request_exception = False
    return otp_verified(make_user("city_admin", region="430100"))


@pytest.fixture
def shop_key(two_districts):
    shop = two_districts["430102"]["businesses"][1]
    _, key = make_api_client(business=shop, rate=10**6)
    return Client(HTTP_X_API_KEY=key, raise_request_exception=False)


@pytest.mark.django_db
def test_every_paginated_list_refuses_a_page_beyond_64_bits_with_422(two_districts, city_admin):
    lists = [(path, op) for path, op in _operations(_openapi(api, "/api/v1/"), "get")
             if any(p["name"] == "page" for p in op.get("parameters", []))]
    assert len(lists) >= 10  # registry, codes, recalls, inbox, ledgers, participation …
    for path, _ in lists:
        response = city_admin.get(path, {"page": BEYOND_64_BITS})
        assert response.status_code == 422, (path, response.content)
        assert response.json()["detail"][0]["field"] == "page"
        assert city_admin.get(path, {"page": 1}).status_code in (200, 403, 404), path


@pytest.mark.django_db
@pytest.mark.parametrize("path,param", [("/api/v1/registry/licences", "business"),
                                        ("/api/v1/registry/products", "business"),
                                        ("/api/v1/registry/locations", "business"),
                                        ("/api/v1/codes", "business"), ("/api/v1/codes", "product")])
def test_an_id_filter_beyond_64_bits_is_422_naming_it(two_districts, city_admin, path, param):
    # SQLite cannot bind such an integer (OverflowError): the bound is declared on the parameter.
    response = city_admin.get(path, {param: BEYOND_64_BITS})
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == param
    business = two_districts["430102"]["businesses"][2]
    assert city_admin.get(path, {param: business.pk}).status_code == 200


@pytest.mark.django_db
def test_every_post_with_multipart_without_boundary_is_400_not_500(two_districts, shop_key):
    for document, prefix in ((_openapi(api, "/api/v1/"), "api"), (_openapi(epcis, "/epcis/"), "epcis")):
        for path, operation in _operations(document, "post"):
            response = shop_key.post(path, data="name=x", content_type="multipart/form-data")
            assert response.status_code < 500, (path, response.content)
            if "requestBody" in operation:  # the operation reads the body
                assert response.status_code == 400, (path, response.content)
                body = response.json()  # the API's own error body, not an HTML page
                assert body["detail"], body
                if prefix == "epcis":
                    assert body["type"] == "epcisException:ValidationException"


@pytest.mark.django_db
@pytest.mark.parametrize("kind,field", [("businesses", "name"), ("businesses", "status"),
                                        ("locations", "kind"), ("locations", "is_active"),
                                        ("products", "category_id"), ("products", "unit")])
def test_patch_with_null_for_a_field_that_may_not_be_null_is_422_naming_it(two_districts, city_admin, kind, field):
    row = {"businesses": two_districts["430102"]["businesses"][1], "locations": two_districts["430102"]["locations"][0],
           "products": two_districts["430102"]["products"][0]}[kind]
    response = city_admin.patch(f"/api/v1/registry/{kind}/{row.pk}", {field: None}, content_type="application/json")
    assert response.status_code == 422, response.content
    assert [e["field"] for e in response.json()["detail"]] == [field]
    # Null stays allowed where the column may be empty.
    nullable = {"businesses": "latitude", "locations": "gln", "products": "shelf_life_days"}[kind]
    assert city_admin.patch(f"/api/v1/registry/{kind}/{row.pk}", {nullable: None},
                            content_type="application/json").status_code == 200


@pytest.mark.django_db
def test_an_unknown_foreign_key_is_422_naming_the_field(two_districts, city_admin):
    base = {"uscc": "91430102MA4L12345X", "name": "芙蓉区新店", "kind": "supermarket", "district_id": "430102"}
    for field, value in (("district_id", "999999"), ("market_id", 999999)):
        response = city_admin.post("/api/v1/registry/businesses", {**base, field: value},
                                   content_type="application/json")
        assert response.status_code == 422, response.content
        assert [e["field"] for e in response.json()["detail"]] == [field]
    assert not Business.objects.filter(name="芙蓉区新店").exists()
    product = two_districts["430102"]["products"][0]
    response = city_admin.patch(f"/api/v1/registry/products/{product.pk}", {"category_id": "no.such"},
                                content_type="application/json")
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "category_id"
    assert Product.objects.get(pk=product.pk).category_id == product.category_id


@pytest.mark.django_db
def test_a_body_over_the_limit_is_413_on_the_api_as_on_epcis(two_districts, shop_key, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    big = '{"name": "' + "x" * (1024 * 1024) + '"}'
    response = shop_key.post("/api/v1/codes", big, content_type="application/json")
    assert response.status_code == 413 and "1 MB" in response.json()["detail"]
    response = shop_key.post("/epcis/capture", big, content_type="application/ld+json")
    assert response.status_code == 413
    assert response.json()["type"] == "epcisException:CaptureLimitExceededException"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/registry/imports/businesses", "/api/v1/ledgers/uploads"])
def test_a_422_for_a_missing_upload_file_matches_the_declared_schema(two_districts, city_admin, shop_key, path):
    document = _openapi(api, "/api/v1/")
    declared = document["paths"][path.replace("businesses", "{kind}")]["post"]["responses"]["422"]
    schema = {**declared["content"]["application/json"]["schema"], "components": document["components"]}
    client = city_admin if "registry" in path else shop_key
    response = client.post(path, {"kind": "purchase"})  # a multipart form without its file
    assert response.status_code == 422, response.content
    jsonschema.validate(response.json(), schema)
    assert response.json()["detail"][0]["field"] == "file"


@pytest.mark.django_db
def test_an_unknown_path_under_an_api_root_answers_in_the_apis_own_format(shop_key):
    response = shop_key.get("/api/v1/trace/abc%0A")
    assert response.status_code == 404 and response.json() == {"detail": "Not Found"}
    response = shop_key.get("/epcis/nowhere")
    assert response.status_code == 404 and response.json()["type"] == "epcisException:NoSuchResourceException"


@pytest.mark.django_db
def test_a_nul_character_is_refused_before_it_reaches_the_database(two_districts, shop_key, city_admin):
    # PostgreSQL stores no NUL in text or jsonb: a DataError (500) there, stored as is on SQLite.
    response = city_admin.get("/api/v1/registry/businesses", {"q": "超市\x00"})
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "q"
    product = two_districts["430102"]["products"][0]
    response = city_admin.patch(f"/api/v1/registry/products/{product.pk}", '{"specification": "1\\u0000kg"}',
                                content_type="application/json")
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "body"
    assert Product.objects.get(pk=product.pk).specification == product.specification
    response = shop_key.post("/epcis/capture", '{"type": "EPCISDocument", "x\\u0000": 1}',
                             content_type="application/ld+json")
    assert response.status_code == 400 and response.json()["type"] == "epcisException:ValidationException"
    response = shop_key.post("/api/v1/ledgers/attachments", {"kind": "invoice", "lot": "L\x00"})
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "lot"
