"""Public look-up pages; the site root ("/") is ``views.root`` in foodtrace/urls.py. The code pages behind QR
codes (``/t/…``, ``/01/…``: GS1 Digital Link paths and platform codes, one route per primary key with the rest
read by foodtrace.codes' ``resolver``) are ``code_pages``; the public lane answers them before these routes."""

from django.urls import path

from foodtrace.public import code_pages, views

app_name = "public"

urlpatterns = [
    path("lookup/", views.lookup, name="lookup"),
    path("lookup/language/", views.language, name="language"),
    path("kiosk/", views.kiosk_start, name="kiosk"),
    path("kiosk/lookup/", views.kiosk_lookup, name="kiosk_lookup"),
    path("t/<path:rest>", code_pages.platform_code, name="platform"),
    path("01/<path:rest>", code_pages.digital_link, name="digital_link"),
]
