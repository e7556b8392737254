"""Problem reports (投诉举报): filing with a photo, routing to the seller's district, handling, the status page,
contact details at rest and on screen."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from foodtrace.audit.models import AuditEntry
from foodtrace.notify.models import Notification
from foodtrace.participation import selectors, services
from foodtrace.participation.models import Report, ReportPhoto, ReportStep
from tests.conftest import make_business, make_user
from tests.participation.conftest import png_bytes, solved, verified_client

pytestmark = pytest.mark.django_db


def report_fields(**overrides) -> dict:
    fields = {"code": "", "product_name": "", "category": "spoiled", "description": "买回家打开就有异味，已经变质。",
              "seller_name": "", "seller_district": "", "contact_name": "李小红", "contact_phone": "13912345678",
              **solved()}
    fields.update(overrides)
    return fields


def file_report(client, **overrides):
    """POST the form with one PNG; returns (response, tracking, check) — tracking/check from the receipt."""
    photo = SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")
    response = client.post("/participate/report/", {**report_fields(**overrides), "photos": [photo]})
    if response.status_code != 302:
        return response, None, None
    receipt = client.get(response["Location"]).content.decode()
    tracking = re.search(r'id="tracking-number">(TS\d+)<', receipt)[1]
    check = re.search(r'id="check-code">([A-Z0-9]{6})<', receipt)[1]
    return response, tracking, check


def test_a_report_with_a_photo_lands_in_the_sellers_district_inbox_only(client, chain, regulators):
    form = client.get(f"/participate/report/?code={chain.lots['P1']}").content.decode()
    assert 'value="T0000000TESTP101"' in form  # prefilled from ?code=
    response, tracking, check = file_report(client, code="T0000000TESTP101")
    assert response["Location"] == "/participate/reports/submitted/"
    assert re.fullmatch(r"TS\d{12}", tracking) and len(check) == 6
    report = Report.objects.get(tracking=tracking)
    assert report.district_id == "430102" and report.routing == Report.Routing.SELLER
    assert report.business == chain.businesses["supermarket"]
    photo = ReportPhoto.objects.get(report=report)
    assert bytes(photo.data) == png_bytes() and photo.content_type == "image/png"
    assert [s.kind for s in report.steps.all()] == [ReportStep.Kind.SUBMITTED]
    # The inbox of 芙蓉区's regulators, not 岳麓区's, not the city's.
    assert list(Notification.objects.filter(related_id=str(report.pk)).values_list("region_id", flat=True)) == \
        ["430102"]
    furong, yuelu = verified_client(regulators["furong"]), verified_client(regulators["yuelu"])
    assert tracking in furong.get("/inbox/").content.decode()
    assert tracking not in yuelu.get("/inbox/").content.decode()
    assert tracking in furong.get("/participate/manage/reports/").content.decode()
    assert tracking not in yuelu.get("/participate/manage/reports/").content.decode()
    assert yuelu.get(f"/participate/manage/reports/{report.pk}/").status_code == 404
    assert yuelu.get(f"/participate/manage/reports/{report.pk}/photos/{photo.pk}/").status_code == 404
    assert yuelu.get("/api/v1/participation/reports").json()["count"] == 0
    assert yuelu.get(f"/api/v1/participation/reports/{report.pk}").status_code == 404
    # The city sees every district's reports (but got no notice).
    city = verified_client(regulators["city"])
    assert tracking in city.get("/participate/manage/reports/").content.decode()
    assert tracking not in city.get("/inbox/").content.decode()
    # The photo: to regulators only, sandboxed, as a download.
    download = furong.get(f"/participate/manage/reports/{report.pk}/photos/{photo.pk}/")
    assert download.status_code == 200 and download.content == png_bytes()
    assert download["Content-Security-Policy"] == "sandbox"
    assert download["Content-Disposition"].startswith("attachment;")
    assert client.get(f"/participate/manage/reports/{report.pk}/photos/{photo.pk}/").status_code == 302  # log in
    # Audited as the anonymous public, without the address; the photo by its SM3.
    entry = AuditEntry.objects.get(object_type="participation.report", object_id=str(report.pk), action="create")
    assert entry.actor_type == "anonymous" and entry.ip is None
    assert entry.changes["contact_phone"] == [None, "***"]
    assert AuditEntry.objects.get(object_type="participation.reportphoto").changes["sm3"][1] == photo.sm3


def test_assign_reply_and_close_are_steps_and_audited(client, chain, regulators):
    _, tracking, check = file_report(client, code=chain.lots["P1"])
    report = Report.objects.get(tracking=tracking)
    furong = verified_client(regulators["furong"])
    handler = regulators["furong_2"]
    page = furong.get(f"/participate/manage/reports/{report.pk}/").content.decode()
    assert handler.username in page and regulators["yuelu"].username not in page  # handlers of the district only
    # Not to a user of another district.
    furong.post(f"/participate/manage/reports/{report.pk}/assign/", {"user_id": regulators["yuelu"].pk})
    report.refresh_from_db()
    assert report.assignee is None
    furong.post(f"/participate/manage/reports/{report.pk}/assign/", {"user_id": handler.pk})
    furong.post(f"/participate/manage/reports/{report.pk}/reply/", {"text": "已派执法人员到该超市核查。"})
    furong.post(f"/participate/manage/reports/{report.pk}/close/", {"note": "经查属实，已责令下架。"})
    report.refresh_from_db()
    assert report.assignee == handler and report.status == Report.Status.CLOSED and report.closed_at
    steps = list(report.steps.values_list("kind", "actor_name"))
    assert steps == [("submitted", "public"), ("assigned", regulators["furong"].username),
                     ("replied", regulators["furong"].username), ("closed", regulators["furong"].username)]
    audited = AuditEntry.objects.filter(object_type="participation.reportstep", action="create")
    assert audited.count() == 4
    assert {e.actor_name for e in audited} == {"public", regulators["furong"].username}
    updates = AuditEntry.objects.filter(object_type="participation.report", object_id=str(report.pk), action="update")
    assert [e.changes.get("status") for e in updates.order_by("chain_index")] == [
        ["received", "assigned"], ["assigned", "replied"], ["replied", "closed"]]
    # A closed report takes no more steps.
    furong.post(f"/participate/manage/reports/{report.pk}/reply/", {"text": "再补充"})
    assert report.steps.count() == 4
    # The reporter sees the reply and the closing note, not the names.
    page = client.post(f"/participate/reports/{tracking}/", {"check": check}).content.decode()
    assert "已派执法人员到该超市核查。" in page and "经查属实" in page and "已办结" in page
    assert regulators["furong"].username not in page and handler.username not in page


def test_the_api_lists_and_handles_reports(client, chain, regulators):
    _, tracking, _check = file_report(client, code=chain.lots["P1"])
    report = Report.objects.get(tracking=tracking)
    furong = verified_client(regulators["furong"])
    listed = furong.get("/api/v1/participation/reports?status=received").json()
    assert [r["tracking"] for r in listed["items"]] == [tracking]
    body = furong.get(f"/api/v1/participation/reports/{report.pk}").json()
    assert body["district_id"] == "430102" and body["contact"] == {"name": "李**", "phone": "139****5678",
                                                                  "masked": True}
    assert len(body["photos"]) == 1 and body["steps"][0]["kind"] == "submitted"
    handler = regulators["furong"]
    response = furong.post(f"/api/v1/participation/reports/{report.pk}/assign", {"user_id": handler.pk},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["assignee_id"] == handler.pk
    assert response.json()["contact"] == {"name": "李小红", "phone": "13912345678", "masked": False}
    response = furong.post(f"/api/v1/participation/reports/{report.pk}/assign", {"user_id": regulators["yuelu"].pk},
                           content_type="application/json")
    assert response.status_code == 422
    assert furong.post(f"/api/v1/participation/reports/{report.pk}/reply", {"text": "收到"},
                       content_type="application/json").json()["status"] == "replied"
    assert furong.post(f"/api/v1/participation/reports/{report.pk}/close", {"note": ""},
                       content_type="application/json").json()["status"] == "closed"
    response = furong.post(f"/api/v1/participation/reports/{report.pk}/reply", {"text": "x"},
                           content_type="application/json")
    assert response.status_code == 422
    # An inspector reads but does not handle.
    inspector = verified_client(regulators["inspector"])
    assert inspector.get(f"/api/v1/participation/reports/{report.pk}").status_code == 200
    assert inspector.post(f"/api/v1/participation/reports/{report.pk}/reply", {"text": "x"},
                          content_type="application/json").status_code == 403


def test_the_status_page_needs_the_check_code(client, chain):
    _, tracking, check = file_report(client, code=chain.lots["P1"])
    other = client.__class__()  # another browser: nothing remembered
    page = other.get(f"/participate/reports/{tracking}/").content.decode()
    assert 'name="check"' in page and "report-status" not in page
    wrong = "AAAAAA" if check != "AAAAAA" else "BBBBBB"
    page = other.post(f"/participate/reports/{tracking}/", {"check": wrong}).content.decode()
    assert "report-status" not in page and "不匹配" in page
    # A number that does not exist looks the same as a wrong code.
    unknown = other.post("/participate/reports/TS209901010001/", {"check": check}).content.decode()
    assert "report-status" not in unknown and "不匹配" in unknown
    page = other.post(f"/participate/reports/{tracking}/", {"check": check.lower()}).content.decode()
    assert "report-status" in page and "已受理" in page and "芙蓉区" in page
    # Remembered for this browser session.
    assert "report-status" in other.get(f"/participate/reports/{tracking}/").content.decode()
    # And through the look-up form.
    third = client.__class__()
    response = third.post("/participate/reports/", {"tracking": tracking, "check": check})
    assert response.status_code == 302 and response["Location"] == f"/participate/reports/{tracking}/"
    assert third.get("/participate/reports/not-a-number/").status_code == 404


def test_contact_details_are_encrypted_at_rest_and_masked(client, chain, regulators):
    _, tracking, _check = file_report(client, code=chain.lots["P1"])
    report = Report.objects.get(tracking=tracking)
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_name, contact_phone FROM participation_report WHERE id = %s", [report.pk])
        name, phone = cursor.fetchone()
    assert "李小红" not in name and "13912345678" not in phone and name and phone
    assert report.contact_name == "李小红" and report.contact_phone == "13912345678"
    furong = verified_client(regulators["furong"])
    page = furong.get(f"/participate/manage/reports/{report.pk}/").content.decode()
    assert "139****5678" in page and "13912345678" not in page and "李**" in page
    services.report_assign(actor=regulators["furong"], report_id=report.pk, user_id=regulators["furong"].pk)
    page = furong.get(f"/participate/manage/reports/{report.pk}/").content.decode()
    assert "13912345678" in page and "李小红" in page
    city = verified_client(regulators["city"])
    assert "13912345678" not in city.get(f"/participate/manage/reports/{report.pk}/").content.decode()


def test_routing_business_named_district_chosen_and_city(client, db):
    shop = make_business("430104", "supermarket", name="岳麓区麓山超市")
    data = services.ReportInput(category="label", description="标签上的生产日期被涂改过。", product_name="酸奶",
                                seller_name="岳麓区麓山超市")
    report, _check = services.report_submit(data=data, photos=[], address="b" * 64)
    assert (report.district_id, report.routing, report.business) == ("430104", "business", shop)
    data = services.ReportInput(category="price", description="标价与结账价格不一致。", product_name="苹果",
                                seller_name="某某水果摊", seller_district="430103")
    report, _check = services.report_submit(data=data, photos=[], address="b" * 64)
    assert (report.district_id, report.routing, report.business) == ("430103", "district", None)
    data = services.ReportInput(category="other", description="说不清在哪里买的。", product_name="饼干")
    report, _check = services.report_submit(data=data, photos=[], address="b" * 64)
    assert (report.district_id, report.routing) == ("430100", "city")
    # Only the city's inbox got that one.
    assert list(Notification.objects.filter(related_id=str(report.pk)).values_list("region_id", flat=True)) == \
        ["430100"]
    city = make_user("city_admin", region="430100")
    assert selectors.reports_for(city).count() == 3
    assert selectors.reports_for(make_user("district_regulator", region="430104")).count() == 1


def test_pages_are_chinese_first_and_english_on_request(client, chain):
    page = client.get(f"/participate/report/?code={chain.lots['P1']}").content.decode()
    assert "<h1>食品问题投诉举报</h1>" in page and "等于多少" in page and "异物" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/participate/report/"})
    page = client.get(f"/participate/report/?code={chain.lots['P1']}").content.decode()
    assert "<h1>Report a food problem</h1>" in page and "What is" in page and "Foreign matter" in page
    unknown = client.get("/participate/rate/?code=T0000000000NOPE1").content.decode()
    assert "does not know the trace code" in unknown
