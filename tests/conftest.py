"""Shared fixtures: a small two-district Changsha and one principal per role.

The regions (Changsha and its nine districts) come from the migrations.
"""

import itertools
from datetime import date, timedelta

import pytest
from django.conf import settings

from foodtrace.accounts.models import ApiClient, User
from foodtrace.identifiers import make_gtin13, make_licence_number, make_uscc
from foodtrace.registry.models import Business, Licence, Location, Product

PASSWORD = "Test@Pass2026x"
_seq = itertools.count(1)


def make_business(district="430102", kind="supermarket", name=None, **fields) -> Business:
    n = next(_seq)
    body = f"MA{n:07d}"
    return Business.objects.create(
        uscc=make_uscc(district, body), name=name or f"测试企业{n}", kind=kind, district_id=district,
        address=f"测试路{n}号", contact_name="张三丰", contact_phone="13812345678", **fields)


def make_licence(business: Business, kind=None, valid_until=None, **fields) -> Licence:
    n = next(_seq)
    kind = kind or ("SC" if business.kind in ("producer", "slaughterhouse") else "JY")
    number = make_licence_number(kind, business.district_id, n, "101" if kind == "SC" else 1)
    return Licence.objects.create(
        business=business, kind=kind, number=number, area_code=business.district_id,
        valid_from=date.today() - timedelta(days=365),
        valid_until=valid_until or date.today() + timedelta(days=700), **fields)


def make_product(business: Business, category="meat.pork", gtin=True, name=None, **fields) -> Product:
    n = next(_seq)
    return Product.objects.create(
        business=business, name=name or f"测试产品{n}", category_id=category,
        gtin=make_gtin13("6901234", n).zfill(14) if gtin else None, **fields)


def make_location(business: Business, kind="store", **fields) -> Location:
    return Location.objects.create(business=business, name=f"{business.name}门店", kind=kind, **fields)


def make_user(role: str, region="430100", business=None, username=None, **fields) -> User:
    user = User(username=username or f"{role}-{next(_seq)}", role=role,
                region_id=None if business else region, business=business,
                must_change_password=False, **fields)
    if business is not None:
        user.region_id = business.district_id
    user.set_password(PASSWORD)
    user.save()
    return user


def make_api_client(role="business_user", region=None, business=None, kinds=(), rate=600) -> tuple[ApiClient, str]:
    client = ApiClient(name=f"client-{next(_seq)}", role=role, region_id=region, business=business,
                       business_kinds=list(kinds), rate_per_minute=rate)
    if business is not None:
        client.region_id = business.district_id
    key = client.issue_key()
    client.save()
    return client, key


def log_in(client, user, password=PASSWORD):
    """Log in through the real login page (django-axes needs the request)."""
    response = client.post("/accounts/login/", {"username": user.username, "password": password})
    assert response.status_code == 302, response.content.decode()[:800]
    return response


@pytest.fixture
def two_districts(db):
    """芙蓉区 (430102) and 岳麓区 (430104), each with businesses, licences, products and locations."""
    data = {}
    for code in ("430102", "430104"):
        market = make_business(code, "farmers_market", name=f"{code}农贸市场")
        shop = make_business(code, "supermarket", name=f"{code}超市")
        plant = make_business(code, "producer", name=f"{code}食品厂")
        data[code] = {
            "businesses": [market, shop, plant],
            "licences": [make_licence(shop), make_licence(plant)],
            "products": [make_product(plant), make_product(shop, category="vegetables.leafy", gtin=False)],
            "locations": [make_location(shop), make_location(market, kind="stall")],
        }
    return data


@pytest.fixture
def otp_verified(client):
    """Log a user in through a real TOTP device and code, as the login policy requires."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def login(user):
        log_in(client, user)
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
        response = client.post("/accounts/otp/verify/", {"token": code})
        assert response.status_code == 302, response.content[:500]
        return client

    return login


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache. Rolled-back tests reuse row ids on SQLite, so a later test's API
    client would otherwise inherit an earlier one's request count for the same minute (and get 429)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()  # and leaves it empty: rate limits and spent check questions outlive a test otherwise


@pytest.fixture(autouse=True)
def _english_off(settings):
    settings.LANGUAGE_CODE = "zh-hans"
    return settings


def demo_password() -> str:
    return settings.DEMO_PASSWORD
