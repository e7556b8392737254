"""The resolver's answers to a scanned code (``/t/…``, ``/01/…``): the public product page for people, a linkset
for programs, QR images. Part of the public site (served through its lane, foodtrace/public/lane.py); what a
code resolves to is foodtrace.codes' (``resolver``)."""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _

from foodtrace.codes import qr, resolver
from foodtrace.public.views import product_response

JSON_TYPES = ["application/json", "application/linkset+json", "application/ld+json"]


def _wants_json(request) -> str:
    """The JSON media type to answer with, or "" for the HTML page (people, and anything unsure)."""
    if request.GET.get("format") == "json" or request.GET.get("linkType"):
        return "application/json"
    if request.GET.get("format") == "html" or "json" not in request.META.get("HTTP_ACCEPT", ""):
        return ""  # no JSON type named at all: the page (most scans; skips the negotiation's parsing)
    preferred = request.get_preferred_type(["text/html", *JSON_TYPES])
    if preferred in ("application/json", "application/linkset+json"):
        return preferred
    return "application/json" if preferred == "application/ld+json" else ""


def _negotiated(response, request):
    patch_vary_headers(response, ("Accept",))
    return response


def _problem(request, status: int, message: str, title: str):
    if _wants_json(request):
        response = JsonResponse({"status": status, "title": title, "detail": message}, status=status,
                                json_dumps_params={"ensure_ascii": False})
    else:
        response = render(request, "public/message.html", {"title": title, "message": message}, status=status)
    return _negotiated(response, request)


def _resolve(request, read_target, rest: str):
    try:
        target = read_target(request, rest)
    except resolver.BadPath as exc:
        return _problem(request, 400, str(exc), _("This is not a valid trace code"))
    media = "" if target.qr else _wants_json(request)
    if not target.qr and not media:
        # People get the public product page (foodtrace.public): the same page as the look-up's, 404 there when
        # the platform never issued the code and no event names it.
        return _negotiated(product_response(request, target.cid), request)
    found = resolver.find(target.cid)
    if found is None:
        message = _("The platform never issued the code %(code)s. Check the code, or report the goods to the "
                    "market regulator.") % {"code": resolver.display_of(target.cid)}
        return _problem(request, 404, message, _("Unknown trace code"))
    base = qr.public_base(request)
    if target.qr:
        return _qr_response(found.public_url(base), target.qr)
    response = JsonResponse(resolver.linkset(found, base), content_type=media,
                            json_dumps_params={"ensure_ascii": False})
    return _negotiated(response, request)


def _qr_response(uri: str, fmt: str) -> HttpResponse:
    if fmt == "svg":
        response = HttpResponse(qr.svg(uri), content_type="image/svg+xml")
    else:
        response = HttpResponse(qr.png(uri), content_type="image/png")
    # The URI of an issued code never changes, so its picture may be cached by printers and proxies.
    patch_cache_control(response, public=True, max_age=86400)
    return response


def platform_code(request, rest: str):
    return _resolve(request, resolver.platform_target, rest)


def digital_link(request, rest: str):
    return _resolve(request, resolver.digital_link_target, rest)
