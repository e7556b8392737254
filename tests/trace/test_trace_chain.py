"""Trace forward and back over a Changsha pork chain (tests/pork_chain.py), through GET /api/v1/trace/{code}."""

import pytest

from foodtrace.identifiers.epc import canonical_id
from tests.conftest import make_user
from tests.pork_chain import build_pork_chain


def key(uri: str) -> str:
    return canonical_id(uri).key


@pytest.fixture
def chain(db):
    return build_pork_chain()


@pytest.fixture
def city(db, client, otp_verified):
    otp_verified(make_user("city_admin", region="430100"))
    return client


def get_trace(client, code, **params):
    response = client.get(f"/api/v1/trace/{code}", params)
    assert response.status_code == 200, response.content[:500]
    return response.json()


def lot_ids(answer):
    return {lot["id"] for lot in answer["lots"]}


def party_names(answer):
    return {p["name"] for p in answer["parties"]}


def test_backward_from_the_sausages_reaches_the_farm(city, chain):
    lots = chain.lots
    answer = get_trace(city, lots["S"], direction="backward")
    assert answer["root"] == key(lots["S"])
    assert {key(lots[n]) for n in ("S", "M4", "C", "P", "casings", "R")} <= lot_ids(answer)
    # Not the other farm's lot, nor the market's other parts.
    assert key(lots["U"]) not in lot_ids(answer)
    assert key(lots["M1"]) not in lot_ids(answer)
    levels = {lot["id"]: lot["level"] for lot in answer["lots"]}
    assert levels[key(lots["M4"])] == -1 and levels[key(lots["C"])] == -2 and levels[key(lots["P"])] == -3
    edges = {(e["from"], e["to"], e["kind"]) for e in answer["edges"]}
    assert (key(lots["P"]), key(lots["C"]), "transformed-into") in edges
    assert (key(lots["C"]), key(lots["M4"]), "split-into") in edges
    assert (key(lots["M4"]), key(lots["S"]), "transformed-into") in edges
    names = party_names(answer)
    assert {"宁乡花猪养殖基地", "望城生猪定点屠宰场", "红星农副产品批发市场", "岳麓区腊肠食品厂"} <= names
    assert "长沙县生猪养殖场" not in names
    farm = next(p for p in answer["parties"] if p["name"] == "宁乡花猪养殖基地")
    assert farm["district"]["code"] == "430182" and farm["licence"]["status"] == "valid"
    assert farm["uscc"] == chain.businesses["farm"].uscc


def test_forward_from_the_farm_lot_reaches_every_buyer(city, chain):
    lots = chain.lots
    answer = get_trace(city, lots["P"], direction="forward")
    assert {key(lots[n]) for n in ("C", "M1", "M2", "M3", "M4", "S", "R", "pallet")} <= lot_ids(answer)
    assert key(lots["U"]) not in lot_ids(answer) and key(lots["casings"]) not in lot_ids(answer)
    names = party_names(answer)
    for role in ("supermarket", "stall", "restaurant", "sausage", "canteen"):
        assert chain.businesses[role].name in names
    assert "长沙县生猪养殖场" not in names
    by_id = {lot["id"]: lot for lot in answer["lots"]}
    stall = chain.businesses["stall"]
    assert by_id[key(lots["M2"])]["holder"] == f"uscc:{stall.uscc}"
    assert (by_id[key(lots["M2"])]["quantity"], by_id[key(lots["M2"])]["unit"]) == (80.0, "KGM")
    shipped = [e for e in answer["edges"] if e["kind"] == "shipped-to" and e["lot"] == key(lots["M2"])]
    assert len(shipped) == 1  # shipping and receiving record one movement
    market = chain.businesses["market"]
    assert (shipped[0]["from"], shipped[0]["to"], shipped[0]["quantity"]) == (
        f"uscc:{market.uscc}", f"uscc:{stall.uscc}", 80.0)
    contained = [e for e in answer["edges"] if e["kind"] == "contained-in"]
    assert [(e["from"], e["to"]) for e in contained] == [(key(lots["C"]), key(lots["pallet"]))]
    # Events are the whole timeline, in order, each with who recorded it.
    times = [e["time"] for e in answer["events"]]
    assert times == sorted(times)
    assert any(e["bizStep"] == "repackaging" and e["type"] == "TransformationEvent" for e in answer["events"])


def test_cycle_of_rework_is_walked_once(city, chain):
    lots = chain.lots
    answer = get_trace(city, lots["S"], direction="forward")
    ids = [lot["id"] for lot in answer["lots"]]
    assert len(ids) == len(set(ids))
    assert key(lots["R"]) in ids
    rework = [e for e in answer["edges"] if {e["from"], e["to"]} == {key(lots["S"]), key(lots["R"])}]
    assert len(rework) == 2  # S → R and R → S, each once


def test_depth_limits_the_walk_and_both_walks_each_way(city, chain):
    lots = chain.lots
    one = get_trace(city, lots["C"], direction="forward", depth=1)
    assert lot_ids(one) == {key(lots[n]) for n in ("C", "M1", "M2", "M3", "M4", "pallet")}
    both = get_trace(city, lots["M4"], direction="both")
    assert {key(lots[n]) for n in ("P", "C", "S")} <= lot_ids(both)
    # Both ways from M4, not backward from what was found forward: M1 (a sibling) is not M4's chain.
    assert key(lots["M1"]) not in lot_ids(both)


def test_every_spelling_of_a_code_traces_the_same_lot(city, chain):
    product = chain.products["carcass"]
    gtin13 = product.gtin[1:]
    lot = chain.lots["C"].rsplit("/", 1)[1]
    spellings = [chain.lots["C"], f"/01/{product.gtin}/10/{lot}",
                 f"urn:epc:class:lgtin:{gtin13[:7]}.0{gtin13[7:12]}.{lot}"]
    answers = [get_trace(city, s) for s in spellings]
    assert {a["root"] for a in answers} == {key(chain.lots["C"])}
    assert answers[0] == answers[1] == answers[2]
    code = chain.lots["M1"].rsplit(":", 1)[1]  # the bare code printed under a label
    platform = get_trace(city, code, direction="backward")
    assert platform["root"] == f"plot:{code}" and key(chain.lots["P"]) in lot_ids(platform)


def test_bad_input_is_422_naming_the_field(city, chain):
    bad = city.get("/api/v1/trace/urn:epc:class:lgtin:notanumber")
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "code"
    assert city.get(f"/api/v1/trace/{chain.lots['C']}", {"direction": "sideways"}).json()["detail"][0][
        "field"] == "direction"
    assert city.get(f"/api/v1/trace/{chain.lots['C']}", {"depth": 0}).status_code == 422


def test_district_regulator_sees_only_its_district(client, otp_verified, chain):
    otp_verified(make_user("district_regulator", region="430104"))  # 岳麓: sausage maker and canteen
    answer = get_trace(client, chain.lots["S"], direction="both")
    names = party_names(answer)
    assert "岳麓区腊肠食品厂" in names
    assert "宁乡花猪养殖基地" not in names and "望城生猪定点屠宰场" not in names
    assert key(chain.lots["P"]) not in lot_ids(answer)


def test_business_user_traces_own_records_and_lab_user_is_refused(client, chain):
    from tests.conftest import log_in

    log_in(client, chain.users["supermarket"])
    answer = get_trace(client, chain.lots["M1"], direction="backward")
    assert chain.businesses["market"].name in party_names(answer)  # its supplier, named in its own receipt
    assert "宁乡花猪养殖基地" not in party_names(answer)
    client.logout()
    log_in(client, make_user("lab_user", region="430100"))
    assert client.get(f"/api/v1/trace/{chain.lots['M1']}").status_code == 403


def test_trace_page_draws_the_chain_and_the_timeline(city, chain):
    lots = chain.lots
    page = city.get("/trace/", {"code": lots["M4"], "direction": "both"})
    assert page.status_code == 200
    html = page.content.decode()
    for name in ("M4", "C", "P", "S"):
        assert f'data-lot="{key(lots[name])}"' in html
    assert f'data-lot="{key(lots["M1"])}"' not in html
    assert "宁乡花猪养殖基地" in html and chain.businesses["farm"].uscc in html
    assert html.count("<li><time") == len(get_trace(city, lots["M4"])["events"])
    assert "有效" in html  # licence status in Chinese by default
    bad = city.get("/trace/", {"code": "urn:epc:class:lgtin:nonsense"})
    assert bad.status_code == 200 and "role=\"alert\"" in bad.content.decode()


def test_one_step_back_and_forward_of_a_business(city, chain):
    market = chain.businesses["market"]
    html = city.get(f"/trace/business/{market.pk}/").content.decode()
    suppliers = html.split('id="suppliers"')[1].split("</table>")[0]
    customers = html.split('id="customers"')[1].split("</table>")[0]
    assert "望城生猪定点屠宰场" in suppliers and "长沙县生猪养殖场" in suppliers
    for role in ("supermarket", "stall", "restaurant", "sausage"):
        assert chain.businesses[role].name in customers
    assert "宁乡花猪养殖基地" not in html  # two steps back is not one step back


def test_trace_page_keeps_a_district_regulator_to_its_district(client, otp_verified, chain):
    otp_verified(make_user("district_regulator", region="430104"))
    assert client.get(f"/trace/business/{chain.businesses['market'].pk}/").status_code == 404
    html = client.get("/trace/", {"code": chain.lots["S"]}).content.decode()
    assert "岳麓区腊肠食品厂" in html and "宁乡花猪养殖基地" not in html


def test_a_repeated_trace_is_planned_once_on_postgresql(city, chain):
    """The trace's statements are prepared on the connection (foodtrace.db.sql), so asking again does not
    plan them again; each still shows in the query log with its parameters."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's; SQLite compiles each statement in process")
    first = get_trace(city, "T00000000000MKT1", direction="both")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        prepared = cursor.fetchone()[0]
    with CaptureQueriesContext(connection) as queries:
        again = get_trace(city, "T00000000000MKT1", direction="both")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        assert cursor.fetchone()[0] == prepared  # nothing new to prepare: the same statements were reused
    assert again == first and prepared >= 5
    walk = next(q for q in queries.captured_queries if "trace_traceedge" in q["sql"])
    assert "plot:T00000000000MKT1" in walk["sql"] and walk["params"]  # logged with its parameters
