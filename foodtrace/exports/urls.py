from django.urls import path

from foodtrace.exports import views

app_name = "exports"

urlpatterns = [
    path("", views.index, name="index"),
    path("fsma204/", views.fsma204_download, name="fsma204"),
    path("report/", views.trace_report, name="report"),
]
