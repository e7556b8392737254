"""Mounted at the site root: GS1 Digital Link paths and platform codes are what QR codes on the goods point to.

One route per primary key with the rest read by ``resolver`` (not one route per DL variant): the
qualifiers, a trailing slash and ``/qr.svg`` / ``/qr.png`` are handled in one place.
"""

from django.urls import path

from foodtrace.codes import views

app_name = "codes"

urlpatterns = [
    path("t/<path:rest>", views.platform_code, name="platform"),
    path("01/<path:rest>", views.digital_link, name="digital_link"),
    path("codes/labels/", views.labels, name="labels"),
]
