from django.urls import path

from foodtrace.registry import licence_views, views

app_name = "registry"

urlpatterns = [
    path("licences/", licence_views.licence_list, name="licences"),
    path("import/", views.import_page, name="import"),
    path("import/template/<slug:kind>.<slug:fmt>", views.import_template, name="import_template"),
]
