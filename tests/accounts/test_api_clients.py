"""API clients: keys shown once and stored hashed, scoped, revocable, rate-limited."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from foodtrace.accounts.models import ApiClient
from foodtrace.audit.models import AuditEntry
from tests.conftest import make_api_client, make_business


@pytest.mark.django_db
def test_create_api_client_prints_the_key_once_and_stores_only_its_hash(client):
    shop = make_business("430103", "supermarket")
    out = StringIO()
    call_command("create_api_client", "超市ERP", "--business", shop.uscc, stdout=out)
    key = out.getvalue().strip().splitlines()[-1]
    assert key.startswith("ft_")
    stored = ApiClient.objects.get(name="超市ERP")
    assert key not in (stored.key_hash, stored.key_prefix) and stored.key_matches(key)
    assert AuditEntry.objects.filter(object_type="accounts.apiclient", action="create").exists()
    me = client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert me == {"type": "api_client", "name": "api:超市ERP", "role": "business_user", "region": "430103",
                  "business_id": shop.pk, "scope": "business"}


@pytest.mark.django_db
def test_create_api_client_refuses_unknown_business_and_kinds():
    with pytest.raises(CommandError, match="no business"):
        call_command("create_api_client", "x", "--business", "91430102MA4L123457")
    with pytest.raises(CommandError, match="unknown business kind"):
        call_command("create_api_client", "x", "--department", "--region", "430100", "--kinds", "bakery")


@pytest.mark.django_db
def test_business_key_sees_only_its_business(client, two_districts):
    shop = two_districts["430102"]["businesses"][1]
    _, key = make_api_client(business=shop)
    body = client.get("/api/v1/registry/businesses", HTTP_X_API_KEY=key).json()
    assert [b["id"] for b in body["items"]] == [shop.pk]
    products = client.get("/api/v1/registry/products", HTTP_X_API_KEY=key).json()
    assert {p["business_id"] for p in products["items"]} == {shop.pk}


@pytest.mark.django_db
def test_department_key_sees_its_kinds_in_its_region(client, two_districts):
    _, key = make_api_client(role="department_system", region="430100", kinds=["farmers_market"])
    body = client.get("/api/v1/registry/businesses", HTTP_X_API_KEY=key).json()
    assert body["count"] == 2 and {b["kind"] for b in body["items"]} == {"farmers_market"}


@pytest.mark.django_db
def test_wrong_and_revoked_keys_are_refused(client, two_districts):
    api_client, key = make_api_client(business=two_districts["430102"]["businesses"][0])
    assert client.get("/api/v1/accounts/me", HTTP_X_API_KEY=key[:-2] + "xx").status_code == 401
    assert client.get("/api/v1/accounts/me", HTTP_X_API_KEY=key).status_code == 200
    api_client.revoked_at = timezone.now()
    api_client.save()
    assert client.get("/api/v1/accounts/me", HTTP_X_API_KEY=key).status_code == 401


@pytest.mark.django_db
def test_rate_limit_per_client(client, two_districts):
    from django.core.cache import cache

    cache.clear()
    _, key = make_api_client(business=two_districts["430102"]["businesses"][0], rate=3)
    codes = [client.get("/api/v1/accounts/me", HTTP_X_API_KEY=key).status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]


@pytest.mark.django_db
def test_department_system_cannot_write(client, two_districts):
    _, key = make_api_client(role="department_system", region="430100", kinds=["supermarket"])
    response = client.post("/api/v1/registry/businesses", {
        "uscc": "91430102MA4L123457", "name": "x", "kind": "supermarket", "district_id": "430102"},
        content_type="application/json", HTTP_X_API_KEY=key)
    assert response.status_code == 403
