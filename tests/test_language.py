"""Chinese is the platform's language; English is the second, chosen with the switch."""

import pytest


@pytest.mark.django_db
def test_chinese_by_default_even_for_an_english_browser(client):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "<h1>登录</h1>" in page


@pytest.mark.django_db
def test_switch_to_english_and_back(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert "<h1>Log in</h1>" in client.get("/accounts/login/").content.decode()
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/accounts/login/"})
    assert "<h1>登录</h1>" in client.get("/accounts/login/").content.decode()


def test_static_files_are_found():
    from django.contrib.staticfiles import finders

    assert finders.find("foodtrace/site.css")
