from django.contrib import admin
from django.http import JsonResponse
from django.urls import include, path, re_path

from foodtrace.api import api
from foodtrace.apikit.errors import not_found_view
from foodtrace.public import views as public_views
from foodtrace.trace.epcis_api import epcis, problem


def healthz(request):
    return JsonResponse({"status": "ok"})


urlpatterns = [
    # Visitors get the public look-up, people logged in the overview (foodtrace/public/views.py).
    path("", public_views.root, name="home"),
    path("", include("foodtrace.public.urls")),
    path("accounts/", include("foodtrace.accounts.urls")),
    path("registry/", include("foodtrace.registry.urls")),
    path("trace/", include("foodtrace.trace.urls")),
    path("recall/", include("foodtrace.recall.urls")),
    path("inbox/", include("foodtrace.notify.urls")),
    path("ledgers/", include("foodtrace.ledgers.urls")),
    path("exports/", include("foodtrace.exports.urls")),
    path("participate/", include("foodtrace.participation.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    re_path(r"^api/v1/", not_found_view(lambda r: api.create_response(r, {"detail": "Not Found"}, status=404))),
    path("epcis/", epcis.urls),
    re_path(r"^epcis/", not_found_view(lambda r: problem(404, "NoSuchResourceException", "no such resource"))),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", healthz, name="healthz"),
    # Trace code label sheets; the code pages at the site root (/01/{gtin}/10/{lot}, /t/{code}) are public's.
    path("", include("foodtrace.codes.urls")),
]

# Pages for people, JSON for /api/ and /epcis/ (foodtrace/errors.py).
handler403 = "foodtrace.errors.forbidden"
handler404 = "foodtrace.errors.not_found"
handler500 = "foodtrace.errors.server_error"

# Uploaded files (ledger certificates) are never served from MEDIA_URL, not even in development: a business's
# files are reached only through views that check the asker's scope (ledgers:attachment_file), and report photos
# live in the database behind participation's own views.
