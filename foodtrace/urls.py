from django.conf import settings
from django.contrib import admin
from django.http import JsonResponse
from django.urls import include, path

from foodtrace import views
from foodtrace.api import api
from foodtrace.trace.epcis_api import epcis


def healthz(request):
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("foodtrace.accounts.urls")),
    path("registry/", include("foodtrace.registry.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("epcis/", epcis.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", healthz, name="healthz"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
