"""Trace code pages for people logged in (label sheets). The code pages behind QR codes (``/t/…``, ``/01/…``)
are the public site's (foodtrace/public/urls.py)."""

from django.urls import path

from foodtrace.codes import views

app_name = "codes"

urlpatterns = [
    path("codes/labels/", views.labels, name="labels"),
]
