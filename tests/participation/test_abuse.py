"""Abuse resistance: per-address rate limits, the check question, upload checks — and a refused submission stores
nothing at all."""

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from foodtrace.audit.models import AuditEntry
from foodtrace.notify.models import Notification
from foodtrace.participation import abuse
from foodtrace.participation.models import Rating, Report, ReportPhoto, ReportStep
from foodtrace.trace.models import IdSequence
from tests.participation.conftest import png_bytes, solve, solved
from tests.participation.test_reports import report_fields

pytestmark = pytest.mark.django_db


def nothing_stored(audit_before: int) -> None:
    assert not Report.objects.exists() and not ReportPhoto.objects.exists() and not ReportStep.objects.exists()
    assert not Notification.objects.exists() and not Rating.objects.exists()
    assert not IdSequence.objects.filter(name__startswith="complaint-").exists()
    assert AuditEntry.objects.count() == audit_before


def post_report(client, photos=None, **overrides):
    photos = [SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")] if photos is None else photos
    return client.post("/participate/report/", {**report_fields(**overrides), "photos": photos})


def test_a_wrong_or_replayed_answer_stores_nothing(client, chain):
    before = AuditEntry.objects.count()
    challenge = abuse.new_challenge()
    wrong = str(solve(challenge.question) + 1)
    response = post_report(client, code=chain.lots["P1"], challenge=challenge.token, answer=wrong)
    assert response.status_code == 200
    page = response.content.decode()
    assert "验证题答案不正确" in page and "没有保存任何内容" in page
    nothing_stored(before)
    for token, answer, message in (
        ("", "3", "验证题缺失或无效"),
        (challenge.token, "三", "阿拉伯数字"),
        (challenge.token, "", "请回答验证题"),
        (signing.dumps({"n": "x", "h": "y"}, salt="other"), "3", "验证题缺失或无效"),
    ):
        page = post_report(client, code=chain.lots["P1"], challenge=token, answer=answer).content.decode()
        assert message in page, message
    nothing_stored(before)
    # Right once; the same token again is refused.
    fields = solved()
    assert post_report(client, code=chain.lots["P1"], **fields).status_code == 302
    assert Report.objects.count() == 1
    page = post_report(client, code=chain.lots["P1"], **fields).content.decode()
    assert "已使用过" in page and Report.objects.count() == 1
    # Ratings too.
    response = client.post("/participate/rate/", {"code": chain.lots["P1"], "stars": 5, "challenge": "x",
                                                  "answer": "1"})
    assert response.status_code == 200 and not Rating.objects.exists()


def test_an_expired_question_is_refused(client, chain, monkeypatch):
    fields = solved()
    monkeypatch.setattr(abuse, "CHALLENGE_MAX_AGE", -1)
    page = post_report(client, code=chain.lots["P1"], **fields).content.decode()
    assert "验证题已过期" in page and not Report.objects.exists()


def test_uploads_are_checked_by_content_size_and_number(client, chain):
    before = AuditEntry.objects.count()
    gif = SimpleUploadedFile("photo.png", b"GIF89a" + b"\x00" * 100, content_type="image/png")  # the name lies
    page = post_report(client, [gif], code=chain.lots["P1"]).content.decode()
    assert "不是 JPEG 或 PNG" in page and "photo.png" in page
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * (5 * 1024 * 1024), content_type="image/jpeg")
    page = post_report(client, [big], code=chain.lots["P1"]).content.decode()
    assert "超过 5 MB" in page
    four = [SimpleUploadedFile(f"p{i}.png", png_bytes(), content_type="image/png") for i in range(4)]
    page = post_report(client, four, code=chain.lots["P1"]).content.decode()
    assert "最多 3 张" in page
    nothing_stored(before)
    jpeg = SimpleUploadedFile("p.jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 64, content_type="application/octet-stream")
    assert post_report(client, [jpeg], code=chain.lots["P1"]).status_code == 302
    assert ReportPhoto.objects.get().content_type == "image/jpeg"


def test_a_field_error_stores_nothing_and_says_which_field(client, chain):
    before = AuditEntry.objects.count()
    page = post_report(client, code="urn:epc:class:lgtin:nonsense").content.decode()
    assert "无法识别" in page
    page = post_report(client, code="", product_name="", description="坏").content.decode()
    assert "至少 5 个字" in page and "请填写追溯码或产品名称" in page
    page = post_report(client, code=chain.lots["P1"], contact_phone="call me").content.decode()
    assert "电话号码" in page
    page = post_report(client, code=chain.lots["P1"], category="").content.decode()
    assert "请选择问题类型" in page
    nothing_stored(before)


def test_reports_per_address_are_limited(client, chain, settings):
    settings.PARTICIPATION_REPORTS_PER_HOUR = 2
    for _ in range(2):
        assert post_report(client, code=chain.lots["P1"]).status_code == 302
    response = post_report(client, code=chain.lots["P1"])
    assert response.status_code == 429 and "最多 2 条" in response.content.decode()
    assert Report.objects.count() == 2
    # Another address is not affected.
    other = client.__class__(REMOTE_ADDR="10.0.0.9")
    assert post_report(other, code=chain.lots["P1"]).status_code == 302


def test_ratings_per_address_are_limited(client, chain, settings):
    settings.PARTICIPATION_RATINGS_PER_HOUR = 3
    for _ in range(3):
        response = client.post("/participate/rate/", {"code": chain.lots["P1"], "stars": 5, **solved()})
        assert response.status_code == 302
    response = client.post("/participate/rate/", {"code": chain.lots["P1"], "stars": 5, **solved()})
    assert response.status_code == 429 and "最多 3 条" in response.content.decode()
    assert Rating.objects.count() == 3


def test_failed_attempts_are_limited(client, chain, settings):
    settings.PARTICIPATION_FAILURES_PER_HOUR = 2
    for _ in range(2):
        client.post("/participate/reports/TS202611250001/", {"check": "AAAAAA"})
    page = client.post("/participate/reports/TS202611250001/", {"check": "AAAAAA"}).content.decode()
    assert "失败次数过多" in page
    # And the forms refuse as well until the hour is over.
    assert post_report(client, code=chain.lots["P1"]).status_code == 429


def test_the_address_is_kept_only_as_a_salted_hash():
    factory = RequestFactory()
    one = abuse.address_hash(factory.get("/", REMOTE_ADDR="203.0.113.7"))
    assert len(one) == 64 and one != abuse.address_hash(factory.get("/", REMOTE_ADDR="203.0.113.8"))
    # One IPv6 /64 (a household, a phone) is one address.
    assert abuse.address_hash(factory.get("/", REMOTE_ADDR="2001:db8:1:2::1")) == \
        abuse.address_hash(factory.get("/", REMOTE_ADDR="2001:db8:1:2:aaaa::9"))
    assert abuse.address_hash(factory.get("/", REMOTE_ADDR="2001:db8:1:3::1")) != \
        abuse.address_hash(factory.get("/", REMOTE_ADDR="2001:db8:1:2::1"))


def test_forms_work_without_javascript_and_keep_csrf(chain):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    page = strict.get(f"/participate/report/?code={chain.lots['P1']}").content.decode()
    assert "<script" not in page and 'name="answer"' in page and 'name="challenge"' in page
    assert 'enctype="multipart/form-data"' in page
    response = strict.post("/participate/report/", report_fields(code=chain.lots["P1"]))
    assert response.status_code == 403 and not Report.objects.exists()
    page = strict.get(f"/participate/rate/?code={chain.lots['P1']}").content.decode()
    assert "<script" not in page and "csrfmiddlewaretoken" in page
