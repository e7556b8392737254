"""403, 404, 500 and a refused form are pages a person can read — Chinese first, in the platform's frame, saying
what to do — while the JSON API and the EPCIS interface keep their own JSON errors."""

import logging

import pytest
from django.test import Client, RequestFactory
from django.urls import path

from foodtrace import errors
from foodtrace.urls import handler403, handler404, handler500  # noqa: F401
from foodtrace.urls import urlpatterns as platform_urls
from tests.conftest import log_in, make_user

DEBUG_PAGE_SIGNS = ("Using the URLconf", "URLconf defined in", "Traceback", "Django tried these URL patterns")


def crash(request):
    raise RuntimeError("a fault in a view")


# tests use this module as ROOT_URLCONF where a view must crash (the handlers are read from the URLconf module);
# the crashing routes come first, before the API roots' catch-all for unmatched paths.
urlpatterns = [path("crash/", crash), path("api/v1/crash", crash), path("epcis/crash", crash), *platform_urls]


def assert_person_page(page: str) -> None:
    assert page.lstrip().startswith("<!doctype html>")
    assert 'id="lang"' in page  # the platform's frame with its language switch
    for sign in DEBUG_PAGE_SIGNS:
        assert sign not in page


@pytest.mark.django_db
def test_an_unknown_address_is_a_chinese_page_with_the_way_out(client):
    response = client.get("/no-such-page/at-all")
    assert response.status_code == 404
    page = response.content.decode()
    assert_person_page(page)
    assert "找不到此页面" in page and "/no-such-page/at-all" in page
    assert "公共查询" in page and 'href="/lookup/"' in page and "/accounts/login/" in page


@pytest.mark.django_db
def test_the_404_page_is_english_with_the_switch(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/no-such-page/").content.decode()
    assert "Page not found" in page and "找不到此页面" not in page


@pytest.mark.django_db
def test_a_role_without_the_permission_gets_a_chinese_403_page_saying_why_and_what_to_do(client):
    log_in(client, make_user("lab_user"))
    response = client.get("/trace/")
    assert response.status_code == 403
    page = response.content.decode()
    assert_person_page(page)
    assert "无权访问此页面" in page
    assert "您的角色无权" in page  # the view's own reason, in Chinese
    assert "退出并用有此权限的其他账号登录" in page and 'action="/accounts/logout/"' in page
    assert "回到工作台" in page and "到公共查询页查询追溯码" in page


@pytest.mark.django_db
def test_the_back_office_refuses_with_the_same_page(client, otp_verified):
    otp_verified(make_user("inspector"))  # may enter the back office and read licences, not add one
    response = client.get("/admin/registry/licence/add/")
    assert response.status_code == 403
    page = response.content.decode()
    assert_person_page(page)
    assert "无权访问此页面" in page


@pytest.mark.django_db
def test_a_form_sent_without_its_token_is_a_page_that_says_to_reload():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    page = response.content.decode()
    assert_person_page(page)
    assert "表单未能提交" in page and "刷新页面" in page
    assert "CSRF" not in page


@pytest.mark.django_db
@pytest.mark.urls("tests.test_error_pages")
def test_a_crash_is_a_chinese_page_with_a_reference_the_log_has_too(caplog):
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="foodtrace.errors"):
        response = client.get("/crash/")
    assert response.status_code == 500
    page = response.content.decode()
    assert_person_page(page)
    assert "平台出现了错误" in page and "错误编号" in page
    reference = response["X-Error-Reference"]
    assert reference in page
    logged = [r for r in caplog.records if r.name == "foodtrace.errors"]
    assert any(reference in r.getMessage() and r.exc_info and "a fault in a view" in str(r.exc_info[1])
               for r in logged)


def test_the_500_page_needs_neither_the_database_nor_the_user():
    # No django_db mark: any query raises. The user is never looked at.
    request = RequestFactory().get("/somewhere/")

    class Untouchable:
        def __getattr__(self, name):
            raise AssertionError("the 500 page touched request.user")

    request.user = Untouchable()
    try:
        raise ValueError("boom")
    except ValueError:
        response = errors.server_error(request)
    assert response.status_code == 500
    page = response.content.decode()
    assert "平台出现了错误" in page and response["X-Error-Reference"] in page


@pytest.mark.django_db
@pytest.mark.urls("tests.test_error_pages")
def test_the_api_and_epcis_keep_answering_in_json():
    client = Client(raise_request_exception=False)
    missing = client.get("/api/v1/no-such-thing")
    # django-ninja's own wording, as for a 404 inside an operation
    assert missing.status_code == 404 and missing.json() == {"detail": "Not Found"}
    missing = client.get("/epcis/no-such-thing")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/problem+json"
    assert missing.json()["type"] == "epcisException:NoSuchResourceException"
    crashed = client.get("/api/v1/crash")
    assert crashed.status_code == 500 and crashed.json()["detail"].startswith("server error (reference ")
    crashed = client.get("/epcis/crash")
    assert crashed.status_code == 500 and crashed.json()["type"] == "epcisException:ImplementationException"
    # A permission refusal inside the API is the API's own JSON.
    refused = client.get("/api/v1/trace/T000000000000001")
    assert refused.status_code in (401, 403) and "detail" in refused.json()


@pytest.mark.django_db
def test_uploaded_files_are_not_served_from_the_media_url(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "ledgers" / "1").mkdir(parents=True)
    (tmp_path / "ledgers" / "1" / "certificate.pdf").write_bytes(b"%PDF-1.4 a business's certificate")
    response = client.get("/media/ledgers/1/certificate.pdf")
    assert response.status_code == 404 and b"%PDF" not in response.content
