from django.urls import path

from foodtrace.registry import views

app_name = "registry"

urlpatterns = [
    path("import/", views.import_page, name="import"),
    path("import/template/<slug:kind>.<slug:fmt>", views.import_template, name="import_template"),
]
