"""A ledger out of proportion cannot hold a worker: a 300 kB file of bad rows is answered after the first
problems (checking stops at the limit), a file of too many rows is refused while it is read — nothing recorded."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from foodtrace.ledgers.models import LedgerUpload
from foodtrace.ledgers.uploads import ledger_upload
from foodtrace.trace.models import Event
from tests.conftest import make_api_client
from tests.ledgers.conftest import PURCHASE_HEADERS, csv_bytes, purchase_row, xlsx


@pytest.mark.django_db
def test_a_300_kB_ledger_of_bad_rows_stops_at_the_problem_limit(client, shop, supplier):
    _, key = make_api_client(business=shop)
    # Every row has six problems in 16 bytes: a 300 kB file once meant 117,000 problems, each rendered twice.
    content = csv_bytes([PURCHASE_HEADERS] + [["xxxxx", "", "", "", "", "", "", "", "", ""]] * 19_500)
    assert len(content) > 300_000
    started = time.monotonic()
    response = client.post("/api/v1/ledgers/uploads", {"file": SimpleUploadedFile("l.csv", content),
                                                      "kind": "purchases"}, HTTP_X_API_KEY=key)
    assert time.monotonic() - started < 20  # generous: it used to take half a minute; now well under a second
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert len(errors) == 1001
    assert errors[-1]["row"] == 0 and "Checking stopped after 1000 problems" in errors[-1]["message_en"]
    assert "发现 1000 个问题后已停止检查" in errors[-1]["message_zh"]
    assert errors[0]["row"] == 2 and max(e["row"] for e in errors) < 200  # the first rows, in order
    upload = LedgerUpload.objects.get()
    assert upload.status == "failure" and len(upload.errors) == 1001 and upload.recorded == 0
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_the_problem_limit_is_a_setting(settings, shop, keeper, supplier):
    settings.SHEETS_MAX_ERRORS = 3
    rows = [purchase_row(supplier, "没有的产品", quantity=0, lot=f"X{i}") for i in range(5)]
    report = ledger_upload(actor=keeper, file_name="l.xlsx", content=xlsx([PURCHASE_HEADERS, *rows]),
                           kind="purchases")
    assert len(report.errors) == 4 and "after 3 problems" in report.errors[-1].message_en
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_too_many_rows_are_refused_and_recorded_as_a_failed_upload(shop, keeper, supplier):
    rows = [purchase_row(supplier, shop.pork.gtin, lot=f"L{i}") for i in range(20_001)]
    report = ledger_upload(actor=keeper, file_name="l.csv", content=csv_bytes([PURCHASE_HEADERS, *rows]),
                           kind="purchases")
    assert [(e.row, e.column) for e in report.errors] == [(0, "")]
    assert "more than 20,000 data rows" in report.errors[0].message_en
    assert "20,000" in report.errors[0].message_zh and report.errors[0].message_zh != report.errors[0].message_en
    assert LedgerUpload.objects.get().status == "failure" and not Event.objects.exists()
