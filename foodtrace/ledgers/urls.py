from django.urls import path

from foodtrace.ledgers import views

app_name = "ledgers"

urlpatterns = [
    path("", views.index, name="index"),
    path("template/<slug:kind>.<slug:fmt>", views.template, name="template"),
    path("uploads/<int:upload_id>/", views.upload_detail, name="upload"),
    path("quick/", views.quick, name="quick"),
    path("attachments/", views.attachment_list, name="attachments"),
    path("attachments/<int:attachment_id>/file", views.attachment_file, name="attachment_file"),
]
