"""Code pages take the public lane (foodtrace/public/lane.py): the same page and security headers, no session, no
cookie; everything else still goes through the back office's middleware."""

import pytest
from django.urls import resolve

from foodtrace.public.lane import ROUTES
from tests.conftest import make_user
from tests.public.conftest import M1, PAGE, statements, text_of


@pytest.mark.django_db
def test_a_code_page_keeps_its_security_headers_and_sets_no_cookie(client, chain):
    response = client.get(M1, **PAGE)
    assert response.status_code == 200 and 'data-testid="timeline"' in text_of(response)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Language"] == "zh-hans" and "Cookie" in response["Vary"]
    assert not response.cookies  # no session, no CSRF token
    # A hit reads the stamps and writes the look-up: no session, user or lock-out query.
    with statements() as sent:
        client.get(M1, **PAGE)
    assert len(sent.sql) == 2 and "public_stamp" in sent.sql[0] and "public_scan" in sent.sql[1], sent.sql


@pytest.mark.django_db
def test_the_language_cookie_still_chooses_the_language(client, chain):
    client.cookies["django_language"] = "en"
    response = client.get(M1, **PAGE)
    assert response["Content-Language"] == "en" and "Where it came from" in text_of(response)


@pytest.mark.django_db
def test_a_logged_in_regulator_sees_the_same_public_page_and_keeps_the_session(client, chain, otp_verified):
    otp_verified(make_user("city_admin", region="430100"))
    session_key = client.cookies["sessionid"].value
    response = client.get(M1, **PAGE)
    assert response.status_code == 200 and not response.cookies
    # The back office still knows them: the lane neither used nor ended the session.
    assert client.get("/trace/").status_code == 200 and client.cookies["sessionid"].value == session_key


@pytest.mark.django_db
def test_other_paths_and_methods_go_through_the_back_office_middleware(client, chain):
    response = client.get("/trace/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    # A POST to a code path is not the lane's: CSRF protection answers it (the enforcing client).
    from django.test import Client

    assert Client(enforce_csrf_checks=True).post(M1).status_code == 403


@pytest.mark.parametrize("path", ["/t/TD0000000000MKT1", "/t/TD0000000000MKT1/qr.svg",
                                  "/01/06901234567892/10/L2026%2F1", "/01/06901234567892/21/S1?linkType=all"])
def test_the_lane_routes_as_the_url_configuration_does(path):
    path = path.split("?")[0]
    prefix = path[:path.index("/", 1) + 1]
    match = resolve(path)
    assert ROUTES[prefix] is match.func and match.kwargs == {"rest": path[len(prefix):]}
