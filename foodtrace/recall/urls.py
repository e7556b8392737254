from django.urls import path

from foodtrace.recall import views

app_name = "recall"

urlpatterns = [
    path("", views.list_page, name="list"),
    path("new/", views.start_page, name="start"),
    path("<int:recall_id>/", views.detail_page, name="detail"),
    path("<int:recall_id>/close/", views.close, name="close"),
    path("<int:recall_id>/answer/", views.answer, name="answer"),
]
