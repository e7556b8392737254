"""The scope as SQL (regions.scoping.Scope.sql, used by the trace's raw queries) selects exactly what
Model.objects.restrict selects, for every kind of principal."""

from datetime import UTC, datetime

import pytest

from foodtrace.db import sql
from foodtrace.regions.scoping import scope_sql
from foodtrace.trace.models import TraceEdge
from tests.conftest import make_api_client, make_business, make_user


@pytest.fixture
def edges(db):
    businesses = [make_business("430102", "supermarket"), make_business("430102", "catering"),
                  make_business("430104", "wholesale_market"), make_business("430111", "farm_base")]
    when = datetime(2026, 11, 1, tzinfo=UTC)
    TraceEdge.objects.bulk_create(
        [TraceEdge(event_id=i, event_time=when, kind=1, from_key=f"plot:A{i}", to_key=f"plot:B{i}",
                   business=b, district_id=b.district_id) for i, b in enumerate(businesses)]
        + [TraceEdge(event_id=99, event_time=when, kind=1, from_key="plot:X", to_key="plot:Y", business=None,
                     district_id="430104")])
    return businesses


def raw_ids(principal):
    condition, params = scope_sql(principal)
    return {row[0] for row in sql.fetch(f"SELECT id FROM trace_traceedge WHERE {condition}", params)}  # noqa: S608


def orm_ids(principal):
    return set(TraceEdge.objects.restrict(principal).values_list("id", flat=True))


def test_sql_scope_equals_restrict_for_every_kind_of_principal(edges):
    shop, _restaurant, market, _farm = edges
    department, _ = make_api_client(role="department_system", region="430100", kinds=("supermarket", "farm_base"))
    district_client, _ = make_api_client(role="department_system", region="430102", kinds=("catering",))
    principals = [make_user("city_admin", region="430100"), make_user("district_regulator", region="430102"),
                  make_user("district_regulator", region="430104"), make_user("business_user", business=shop),
                  make_user("business_user", business=market), department, district_client,
                  make_user("security_admin", region=None)]
    seen = []
    for principal in principals:
        assert raw_ids(principal) == orm_ids(principal), principal
        seen.append(len(raw_ids(principal)))
    assert seen == [5, 2, 2, 1, 1, 2, 1, 0]  # the principals really differ
    assert scope_sql(None) == ("1 = 1", [])
