"""The phone form: one purchase or one sale, through the same checks and the same capture path."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from foodtrace.ledgers.models import Attachment, LedgerUpload
from foodtrace.trace.models import Event, TraceEdge
from tests.conftest import log_in

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def form(**fields):
    data = {"direction": "purchases", "quantity": "25", "unit": "千克", "time": "2026-03-05T06:40",
            "document_kind": "quarantine_cert"}
    data.update(fields)
    return data


@pytest.mark.django_db
def test_quick_purchase_issues_a_lot_code_and_a_sale_picks_it(client, shop, keeper, supplier, customer):
    log_in(client, keeper)
    page = client.get("/ledgers/quick/").content.decode()
    assert 'type="datetime-local"' in page and "大白菜" in page and "<script" not in page

    response = client.post("/ledgers/quick/", form(
        party_uscc=supplier.uscc, party_name=supplier.name, product=shop.cabbage.pk, document_number="湘A-77",
        file=SimpleUploadedFile("cert.png", PNG)))
    assert response.status_code == 302, response.content.decode()[-2000:]
    upload = LedgerUpload.objects.get(source="form")
    [lot] = upload.generated_lots
    assert re.fullmatch(r"T[0-9A-Z]{15}", lot)
    done = client.get(response["Location"]).content.decode()
    assert lot in done and "进货已登记" in done

    [purchase] = Event.objects.filter(business=shop)
    assert purchase.biz_step == "receiving" and purchase.capture_job_id == upload.capture_job_id
    assert purchase.document["quantityList"] == [{"epcClass": f"urn:foodtrace:lot:{lot}", "quantity": 25.0,
                                                  "uom": "KGM"}]
    assert purchase.document["eventTime"] == "2026-03-05T06:40:00+08:00"
    assert TraceEdge.objects.filter(from_key=f"uscc:{supplier.uscc}", to_key=f"uscc:{shop.uscc}",
                                    via_key=f"plot:{lot}").exists()
    attachment = Attachment.objects.get(upload=upload)
    assert (attachment.kind, attachment.document_number, attachment.lot_key) == ("quarantine_cert", "湘A-77",
                                                                                 f"plot:{lot}")
    assert attachment.transaction_value in {t["bizTransaction"] for t in purchase.document["bizTransactionList"]}

    # The sale: the supplier and the lot are offered from the purchase just made.
    page = client.get("/ledgers/quick/").content.decode()
    assert supplier.uscc in page and lot in page and "大白菜" in page
    response = client.post("/ledgers/quick/", form(direction="sales", party_uscc=customer.uscc,
                                                   party_name=customer.name, product=shop.cabbage.pk,
                                                   recent_lot=lot, quantity="5", unit="斤",
                                                   time="2026-03-05T09:10"))
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert "销售已登记" in client.get(response["Location"]).content.decode()
    sale = Event.objects.get(business=shop, biz_step="shipping")
    assert sale.document["quantityList"] == [{"epcClass": f"urn:foodtrace:lot:{lot}", "quantity": 2.5,
                                              "uom": "KGM"}]
    assert TraceEdge.objects.filter(from_key=f"uscc:{shop.uscc}", to_key=f"uscc:{customer.uscc}",
                                    via_key=f"plot:{lot}").exists()
    assert LedgerUpload.objects.get(kind="sales").generated_lots == []


@pytest.mark.django_db
def test_quick_form_problems_come_back_on_their_fields_and_nothing_is_recorded(client, shop, keeper, supplier):
    log_in(client, keeper)
    response = client.post("/ledgers/quick/", form(
        direction="sales", party_uscc="9143010", product=shop.cabbage.pk, quantity="3",
        file=SimpleUploadedFile("cert.txt", b"just text")))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) >= {"party_uscc", "party_name", "lot", "file"}, errors
    assert not Event.objects.exists() and not LedgerUpload.objects.exists() and not Attachment.objects.exists()
    # A recent supplier can be picked instead of typed; the name comes with it.
    response = client.post("/ledgers/quick/", form(recent_party="", party_uscc="", product=""))
    assert set(response.context["form"].errors) == {"party_uscc", "product"}
