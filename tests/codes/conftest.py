"""A market that issues and splits codes, and a producer with GS1 products, each with an API key."""

import json
from dataclasses import dataclass

import pytest

from tests.conftest import make_api_client, make_business, make_licence, make_location, make_product


@dataclass
class Member:
    business: object
    location: object
    key: str
    headers: dict


def member(district: str, kind: str, name: str) -> Member:
    business = make_business(district, kind, name=name)
    make_licence(business)
    location = make_location(business, kind="stall" if "market" in kind else "store")
    _, key = make_api_client(business=business)
    return Member(business, location, key, {"HTTP_X_API_KEY": key})


@pytest.fixture
def market(db) -> Member:
    return member("430102", "farmers_market", "芙蓉区马王堆农贸市场")


@pytest.fixture
def producer(db) -> Member:
    return member("430102", "producer", "芙蓉区湘味食品厂")


@pytest.fixture
def rival(db) -> Member:
    """A business of another district (岳麓区)."""
    return member("430104", "supermarket", "岳麓区麓山超市")


def named_product(business, name: str, **fields):
    product = make_product(business, **fields)
    product.name = name
    product.save()
    return product


@pytest.fixture
def vegetables(market):
    return named_product(market.business, "上海青", category="vegetables.leafy", gtin=False)


@pytest.fixture
def sausage(producer):
    return named_product(producer.business, "湘味腊肠", category="meat.pork", shelf_life_days=90)


def post(client, path, body, headers):
    return client.post(path, json.dumps(body, ensure_ascii=False), content_type="application/json", **headers)


def issue(client, who: Member, **body):
    response = post(client, "/api/v1/codes", body, who.headers)
    assert response.status_code == 201, response.content.decode()
    return response.json()
