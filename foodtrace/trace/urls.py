from django.urls import path

from foodtrace.trace import views

app_name = "trace"

urlpatterns = [
    path("", views.trace_page, name="trace"),
    path("business/<int:business_id>/", views.business_steps, name="business_steps"),
]
