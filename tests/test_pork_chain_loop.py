"""Issue 4's closing check on one Changsha pork chain (tests/pork_chain.py): traces both ways, the recall's
affected set and notifications, the FSMA 204 rows and a ledger upload with and without errors — through the
same interfaces a regulator and a market stall use."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from foodtrace.identifiers.epc import canonical_id
from foodtrace.notify.models import Notification
from foodtrace.recall.services import recall_start
from foodtrace.trace.models import Event
from tests.conftest import log_in, make_product, make_user
from tests.pork_chain import build_pork_chain

BUYERS = ("supermarket", "stall", "restaurant", "sausage", "canteen")


@pytest.fixture
def chain(db):
    return build_pork_chain()


@pytest.fixture
def city_user(db):
    return make_user("city_admin", region="430100")


def test_the_whole_loop_of_a_pork_chain(client, otp_verified, chain, city_user):
    lots, names = chain.lots, {role: b.name for role, b in chain.businesses.items()}
    key = {name: canonical_id(uri).key for name, uri in lots.items()}
    otp_verified(city_user)

    # Back from the canteen's sausages to the farm; forward from the farm's pigs to every buyer.
    back = client.get(f"/api/v1/trace/{lots['S']}", {"direction": "backward"}).json()
    assert {key["P"], key["C"], key["M4"]} <= {lot["id"] for lot in back["lots"]}
    forward = client.get(f"/api/v1/trace/{lots['P']}", {"direction": "forward"}).json()
    assert {names[role] for role in BUYERS} <= {p["name"] for p in forward["parties"]}
    assert names["other_farm"] not in {p["name"] for p in forward["parties"]}

    # Recall the farm's pigs: everyone downstream is a party and has the notice in its inbox.
    recall = recall_start(lots=[lots["P"]], level=1, reason="非洲猪瘟检测阳性", actor=city_user)
    reached = set(recall.parties.values_list("business__name", flat=True))
    assert {names[role] for role in ("slaughterhouse", "market", *BUYERS)} <= reached
    assert names["other_farm"] not in reached and names["farm"] in reached
    inboxes = set(Notification.objects.filter(business__isnull=False).values_list("business__name", flat=True))
    assert {names[role] for role in BUYERS} <= inboxes and names["other_farm"] not in inboxes
    log_in(client, chain.users["canteen"])
    inbox = client.get("/api/v1/inbox").json()
    items = inbox["items"] if isinstance(inbox, dict) else inbox
    assert any(recall.number in (n.get("title", "") + n.get("body", "")) for n in items)
    client.logout()

    # FSMA 204 rows for the sausage lot: its whole chain, one row per critical tracking event.
    otp_verified(city_user)
    response = client.get("/api/v1/exports/fsma204", {"tlc": lots["S"], "format": "csv"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    ctes = {row["Critical Tracking Event"] for row in rows}
    assert {"Shipping", "Receiving", "Transformation"} <= ctes
    sausage_tlc = lots["S"].rsplit("/", 1)[1]
    shipped = [r for r in rows if r["Traceability Lot Code"] == sausage_tlc and r["Critical Tracking Event"]
               == "Shipping"]
    assert {r["Immediate Subsequent Recipient - Business Name"] for r in shipped} == {
        names["canteen"], names["supermarket"]}
    client.logout()

    # The stall keeps a paper ledger: a file with errors changes nothing, the corrected file is captured.
    log_in(client, chain.users["stall"])
    make_product(chain.businesses["stall"], gtin=False, name="猪前腿肉")
    market = chain.businesses["market"]
    header = client.get("/api/v1/ledgers/templates/purchases", {"format": "csv"}).content.decode("utf-8-sig")
    columns = next(csv.reader(io.StringIO(header)))
    good = ["2026-11-04 07:30", market.uscc, market.name, "猪前腿肉", lots["M2"].rsplit(":", 1)[1], "20", "千克",
            "", "F20261104", ""]
    bad = ["2026-13-04 07:30", "NOT-A-USCC", market.name, "猪前腿肉", "", "-5", "筐", "", "", ""]
    before = Event.objects.count()

    def upload(*rows):
        buffer = io.StringIO()
        csv.writer(buffer).writerows([columns, *rows])
        file = SimpleUploadedFile("进货台账.csv", buffer.getvalue().encode("utf-8-sig"), "text/csv")
        return client.post("/api/v1/ledgers/uploads", {"kind": "purchases", "file": file})

    refused = upload(good, bad)
    assert refused.status_code == 422
    problems = refused.json()["errors"]
    assert {p["row"] for p in problems} == {3} and len(problems) >= 4  # date, USCC, quantity, unit: each named
    assert Event.objects.count() == before
    accepted = upload(good)
    assert accepted.status_code == 200, accepted.content[:400]
    assert Event.objects.count() == before + 1
    stall_trace = client.get(f"/api/v1/trace/{lots['M2']}", {"direction": "backward"}).json()
    assert sum(1 for e in stall_trace["events"] if e["bizStep"] == "receiving") == 2  # the API's and the ledger's
