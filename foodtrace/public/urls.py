"""Public look-up pages; the site root ("/") is ``views.root`` in foodtrace/urls.py, and the code pages
behind QR codes (``/t/…``, ``/01/…``) are foodtrace.codes' resolver, which renders ``views.product_response``."""

from django.urls import path

from foodtrace.public import views

app_name = "public"

urlpatterns = [
    path("lookup/", views.lookup, name="lookup"),
    path("lookup/language/", views.language, name="language"),
    path("kiosk/", views.kiosk_start, name="kiosk"),
    path("kiosk/lookup/", views.kiosk_lookup, name="kiosk_lookup"),
]
