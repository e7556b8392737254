"""The audit administrator exports what the audit list shows (its filters and search), bounded, as CSV or
.xlsx with every cell inert text — and the export is itself in the audit trail."""

import csv
import io

import pytest
from openpyxl import load_workbook

from foodtrace.audit.export import FIELDS
from foodtrace.audit.models import AuditEntry
from tests.conftest import make_business, make_user

URL = "/admin/audit/auditentry/"


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def auditor(client, otp_verified, db):
    make_business(name='=HYPERLINK("http://evil.example","点击")')
    make_business(name="芙蓉正常企业")
    otp_verified(make_user("audit_admin", region=None))
    return client


def test_the_list_links_to_the_export_of_what_it_shows(auditor):
    page = auditor.get(URL, {"q": "芙蓉"}).content.decode()
    assert f'href="{URL}export/csv/?q=%E8%8A%99%E8%93%89"' in page and f'{URL}export/xlsx/' in page


def test_csv_export_holds_the_filtered_entries_and_is_audited(auditor):
    shown = AuditEntry.objects.filter(object_type="registry.business").count()
    rows = read_csv(auditor.get(URL + "export/csv/", {"object_type__exact": "registry.business"}))
    header, body = rows[0], rows[1:]
    assert len(header) == len(FIELDS) and len(body) == shown >= 2
    assert {row[FIELDS.index("object_type")] for row in body} == {"registry.business"}
    reprs = [row[FIELDS.index("object_repr")] for row in body]
    assert "'=HYPERLINK(\"http://evil.example\",\"点击\")" in reprs and "芙蓉正常企业" in reprs
    assert all(row[FIELDS.index("at")].endswith("+08:00") for row in body)  # Beijing time with its offset
    export = AuditEntry.objects.filter(action="export", object_type="audit.auditentry").get()
    assert export.changes["rows"] == shown and export.changes["format"] == "csv"
    assert export.changes["filters"] == {"object_type__exact": "registry.business"}


def test_xlsx_export_cells_are_text_and_the_export_is_bounded(auditor, settings):
    settings.AUDIT_EXPORT_MAX_ROWS = 2
    response = auditor.get(URL + "export/xlsx/")
    assert response.status_code == 200 and response["X-FoodTrace-Truncated"] == "1"
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert sheet.max_row == 3  # the header and the two newest entries
    # The newest two before the export's own entry, newest first.
    newest = list(AuditEntry.objects.order_by("-chain_index").values_list("chain_index", flat=True)[:3])
    assert [sheet.cell(row=r, column=1).value for r in (2, 3)] == newest[1:]
    assert not [c for ws in workbook.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert AuditEntry.objects.filter(action="export", object_type="audit.auditentry").get().changes["truncated"]


def test_only_those_who_may_read_the_audit_list_may_export_it(client, otp_verified, db):
    otp_verified(make_user("system_admin"))
    assert client.get(URL + "export/csv/").status_code == 403
    assert not AuditEntry.objects.filter(action="export", object_type="audit.auditentry").exists()
