from django.urls import path

from foodtrace.notify import views

app_name = "notify"

urlpatterns = [
    path("", views.inbox_page, name="inbox"),
    path("<int:notification_id>/read/", views.read, name="read"),
    path("read-all/", views.read_all, name="read_all"),
    path("webhooks/", views.webhooks, name="webhooks"),
    path("webhooks/<int:endpoint_id>/rotate/", views.webhook_rotate, name="webhook_rotate"),
    path("webhooks/<int:endpoint_id>/active/", views.webhook_active, name="webhook_active"),
]
