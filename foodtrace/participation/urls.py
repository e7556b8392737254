from django.urls import path

from foodtrace.participation import views

app_name = "participation"

urlpatterns = [
    # Public (anonymous) pages.
    path("rate/", views.rate_page, name="rate"),
    path("report/", views.report_page, name="report"),
    path("reports/", views.lookup_page, name="lookup"),
    path("reports/submitted/", views.receipt_page, name="receipt"),
    path("reports/<str:tracking>/", views.status_page, name="status"),
    # Regulators.
    path("manage/reports/", views.manage_reports, name="manage_reports"),
    path("manage/reports/<int:report_id>/", views.manage_report, name="manage_report"),
    path("manage/reports/<int:report_id>/assign/", views.manage_assign, name="manage_assign"),
    path("manage/reports/<int:report_id>/reply/", views.manage_reply, name="manage_reply"),
    path("manage/reports/<int:report_id>/close/", views.manage_close, name="manage_close"),
    path("manage/reports/<int:report_id>/photos/<int:photo_id>/", views.manage_photo, name="manage_photo"),
    path("manage/ratings/", views.manage_ratings, name="manage_ratings"),
    path("manage/ratings/<int:rating_id>/moderate/", views.manage_moderate, name="manage_moderate"),
]
