"""The Chinese trace report (追溯报告): the chain, licences, documents, audit trail, permissions."""

import re

import pytest

from foodtrace.audit.models import AuditEntry
from foodtrace.exports import report as report_module
from tests.conftest import log_in, make_user
from tests.exports.conftest import CHILD_1, CHILD_2, FARM_LOT, LOT_A, LOT_B

URL = "/exports/report/"


@pytest.fixture
def certificate(chain, settings, tmp_path):
    """The farm keeps a scan of the quarantine certificate it shipped the farm lot with (foodtrace.ledgers)."""
    from foodtrace.ledgers.attachments import attachment_add

    settings.MEDIA_ROOT = tmp_path
    return attachment_add(actor=make_user("business_user", business=chain.farm), business=chain.farm,
                          kind="quarantine_cert", content=b"%PDF-1.4 scan", file_name="检疫证明.pdf",
                          document_number="QC2026030101")


@pytest.mark.django_db
def test_report_shows_the_chain_with_licences_and_documents(client, chain, certificate, otp_verified):
    user = make_user("district_regulator", region="430102", first_name="明", last_name="李")
    otp_verified(user)
    response = client.get(URL, {"code": chain.lot_a_uri})
    assert response.status_code == 200, response.content[:2000]
    page = response.content.decode()
    # Page header: platform, report number, time, who.
    assert "食品安全追溯平台" in page and "追溯报告" in page
    number = re.search(r"TR\d{8}-[0-9A-F]{6}", page)[0]
    assert "李明" in page or "明李" in page or user.username in page
    assert "@media print" in page and "size: A4" in page
    # The lot, backward to the farm lot, forward to the market's split lots; not the sibling lot B.
    for code in (LOT_A, FARM_LOT, CHILD_1, CHILD_2):
        assert code in page
    assert LOT_B not in page
    assert "净菜沙拉" in page
    # The market's split lots are the same goods: they show the product of the lot they were split from.
    assert re.search(rf"{CHILD_2}</td><td>净菜沙拉</td>", page)
    # Every business with its licence number and status; the shop's suspended licence stands out.
    for business in (chain.farm, chain.processor, chain.market, chain.shop):
        assert business.name in page
    shop_licence = chain.shop.licences.get()
    assert shop_licence.number in page
    row = re.search(rf"{shop_licence.number}.*?</tr>", page, re.S)[0]
    assert 'class="bad"' in row and "暂停" in row
    assert "有效" in page
    # Documents per event: invoices, the quarantine certificate.
    for value in chain.documents.values():
        assert value in page
    assert "检疫" in page
    # The scanned certificate kept for that document, linked.
    assert "检疫证明.pdf" in page and f"/ledgers/attachments/{certificate.pk}/file" in page
    # Recorded in the audit trail: who, which report, which lot.
    entry = AuditEntry.objects.get(action="export", object_type="exports.trace_report")
    assert entry.actor_id == str(user.pk) and entry.source == "web"
    assert entry.changes["report"] == number and entry.changes["code"] == chain.lot_a_uri
    assert entry.object_id == f"lgtin:{chain.product.gtin}:{LOT_A}"


@pytest.mark.django_db
def test_report_of_another_district_shows_nothing_of_the_chain(client, chain, otp_verified):
    otp_verified(make_user("district_regulator", region="430104"))
    page = client.get(URL, {"code": chain.lot_a_uri}).content.decode()
    for text in (chain.farm.name, chain.processor.name, chain.market.name, FARM_LOT, CHILD_1,
                 chain.documents["inv_a"]):
        assert text not in page


@pytest.mark.django_db
def test_report_needs_a_readable_code_and_the_permission(client, chain, otp_verified):
    otp_verified(make_user("inspector", region="430100"))
    assert client.get(URL).status_code == 400
    bad = client.get(URL, {"code": "not a code"})
    assert bad.status_code == 400
    assert not AuditEntry.objects.filter(object_type="exports.trace_report").exists()
    client.logout()
    log_in(client, make_user("business_user", business=chain.shop))
    assert client.get(URL, {"code": chain.lot_a_uri}).status_code == 403
    client.logout()
    assert client.get(URL, {"code": chain.lot_a_uri}).status_code == 302  # to the log-in page


@pytest.mark.django_db
def test_report_adapts_to_an_answer_without_levels():
    answer = {
        "root": "plot:T000000000000001",
        "lots": [{"id": "plot:T000000000000001", "code": "/t/T000000000000001", "product": "青菜",
                  "quantity": 5, "unit": "KGM", "holder": "uscc:X"},
                 {"id": "plot:T000000000000002", "code": "/t/T000000000000002", "product": None}],
        "parties": [{"id": "uscc:X", "uscc": "X", "name": "某超市", "kind": "supermarket", "district": "芙蓉区",
                     "licence": {"number": "JY14301020000011", "status": "revoked"}}],
        "edges": [{"from": "plot:T000000000000002", "to": "plot:T000000000000001", "kind": "split-into",
                   "event": "e1", "time": "2026-03-01T08:00:00+08:00", "quantity": 5, "unit": "KGM"}],
        "events": [{"eventID": "e1", "type": "TransformationEvent", "time": "2026-03-01T08:00:00+08:00",
                    "bizStep": "repackaging", "disposition": "active", "business": "uscc:X", "location": ""}],
    }
    arranged = report_module.arrange(answer, principal=make_user("inspector"))
    assert [lot["tlc"] for lot in arranged["upstream"]] == ["T000000000000002"]
    # Units and steps in plain Chinese, the standard's terms kept beside them for the tooltip.
    assert (arranged["root"]["unit"], arranged["root"]["uom"]) == ("千克", "KGM")
    assert arranged["root"]["holder"] == "某超市"
    assert arranged["events"][0]["step"] == "分装"
    assert arranged["events"][0]["term"] == "TransformationEvent repackaging"
    assert arranged["parties"][0]["licence_bad"] is True
    assert arranged["edges"][0]["from"] == "T000000000000002"
