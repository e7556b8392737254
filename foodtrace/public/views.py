"""Public look-up pages (公共查询): the start page, the product page of a code, and the kiosk (查询机).

The product page is the page behind every code's QR (``/t/{code}``, ``/01/…``, via ``foodtrace.codes``) and
behind the look-up form. Its chain part comes from ``cache.page``; the recall notice, the counterfeit signs
and the look-up record are done on every request, cached or not.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.contrib.staticfiles import finders
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language

from foodtrace.identifiers import CanonicalId
from foodtrace.public import cache, scans
from foodtrace.public.models import Scan
from foodtrace.public.product import Facts
from foodtrace.public.reading import Unreadable, page_path, read_code
from foodtrace.stamps import store as stamps
from foodtrace.views import home

SCANNER_LIBRARY = "vendor/zxing/zxing.min.js"
SOURCES = {s.value for s in Scan.Source}
IDLE_BOUNDS = (3, 600)
PAGE, KIOSK = "page", "kiosk"


@lru_cache(maxsize=1)
def scanner_library() -> bool:
    """Whether the in-browser barcode reader was installed (``make install`` with npm); without it the camera
    button uses the browser's own BarcodeDetector where there is one, and the page works by typing."""
    return finders.find(SCANNER_LIBRARY) is not None


@lru_cache(maxsize=1)
def participation_enabled() -> bool:
    """The ratings and problem reports panel, when that app is installed."""
    return apps.is_installed("foodtrace.participation")


def root(request):
    """The site root: the public look-up for visitors, the overview for people logged in."""
    if request.user.is_authenticated:
        return home(request)
    if not request.GET and _staff_session_ended(request):
        # Someone whose back-office session ended (idle time-out) came back: to the log-in page, as before.
        return redirect_to_login(request.get_full_path())
    return lookup(request)


def _staff_session_ended(request) -> bool:
    """Whether the browser still carries the cookie of a logged-in session that has expired. Only such a
    session's stored row says so (a visitor's session, e.g. a problem report's receipt, never had a user)."""
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    store = getattr(request, "session", None)
    if not key or store is None or not hasattr(store, "get_model_class"):
        return False
    row = store.get_model_class().objects.filter(session_key=key).first()
    return row is not None and "_auth_user_id" in store.decode(row.session_data)


def _start(request, *, error: str = "", status: int = 200, kiosk: dict | None = None):
    context = {"error": error, "typed": request.GET.get("code", "")[:300], "gtin": request.GET.get("gtin", "")[:20],
               "lot": request.GET.get("lot", "")[:40], "scanner_library": scanner_library(), "kiosk": kiosk}
    template = "public/kiosk/start.html" if kiosk else "public/start.html"
    return render(request, template, context, status=status)


def _read(request) -> CanonicalId:
    return read_code(request.GET.get("code", ""), gtin=request.GET.get("gtin", ""), lot=request.GET.get("lot", ""),
                     serial=request.GET.get("serial", ""))


def _asked(request) -> bool:
    return any(request.GET.get(name, "").strip() for name in ("code", "gtin"))


def lookup(request):
    """The start page; with a code, on to the code's own page (the same URL as its QR code)."""
    if not _asked(request):
        return _start(request)
    try:
        cid = _read(request)
    except Unreadable as exc:
        return _start(request, error=str(exc), status=400)
    carried = {name: request.GET[name] for name in ("lat", "lon", "via") if request.GET.get(name)}
    return redirect(page_path(cid) + (f"?{urlencode(carried)}" if carried else ""))


# The per-request part of a cached page (the recall and counterfeit alerts) is put in where this marker stands.
ALERTS_MARK = "<!--ft:alerts-->"


def _renderer(cid: CanonicalId, layout: str):
    """What is cached: for a phone page the whole page — the ratings panel included, which is the same for every
    visitor and depends on the lot's and product's rating stamps — with a marker for the alerts; for a kiosk,
    whose frame carries the kiosk's id and idle time, the chain fragment only."""
    def render(facts: Facts, entry: dict) -> str:
        body = render_to_string("public/facts.html", {"f": facts, "kiosk": layout == KIOSK})
        if layout == KIOSK:
            return body
        return render_to_string("public/product.html", {
            "entry": entry, "body": body, "alerts": ALERTS_MARK, "panel": _panel(entry, page_path(cid)),
            "next_path": page_path(cid)})

    return render


def _panel(entry: dict, next_path: str) -> str:
    """The ratings panel, and the rating stamps the page now depends on (so a new rating shows at once)."""
    if not (entry["found"] and settings.FOODTRACE_PUBLIC_PARTICIPATION_PANEL and participation_enabled()):
        return ""
    entry["depends_on"] = sorted({*entry["depends_on"], *stamps.ratings(entry["lot_key"], entry["product_id"])})
    from foodtrace.participation.panel import panel_html  # an optional app

    return panel_html(entry["lot_key"], entry["product_id"], next_path)


def product_response(request, cid: CanonicalId, *, kiosk: dict | None = None):
    """The public page of one code (HTML). 404 when the platform never issued it and no event names it."""
    layout = KIOSK if kiosk else PAGE
    bypass = settings.FOODTRACE_PUBLIC_BENCH_BYPASS and "HTTP_X_FOODTRACE_NO_CACHE" in request.META
    language = get_language() or settings.LANGUAGE_CODE
    entry, recalls = cache.page(cid, language, layout, _renderer(cid, layout), bypass=bypass)
    latitude = scans.coarse(request.GET.get("lat"), 90)
    longitude = scans.coarse(request.GET.get("lon"), 180)
    signs = scans.counterfeit_signs(cid.key, cid.kind, latitude, longitude) if entry["found"] else []
    notices = cache.recall_notices(entry["chain_keys"], recalls) if entry["found"] else []
    via = request.GET.get("via", "")
    scans.record(key=cid.key, kind=cid.kind, found=entry["found"],
                 agent=scans.agent_class(request.headers.get("User-Agent", ""), kiosk=kiosk is not None),
                 source=via if via in SOURCES else Scan.Source.LINK, latitude=latitude, longitude=longitude,
                 kiosk=(kiosk or {}).get("id", ""), language=language)
    if kiosk:
        response = render(request, "public/kiosk/product.html",
                          {"entry": entry, "body": entry["html"], "notices": notices, "signs": signs, "kiosk": kiosk},
                          status=entry["status"])
    else:
        alerts = render_to_string("public/_alerts.html", {"notices": notices, "signs": signs}) \
            if notices or signs else ""
        response = HttpResponse(entry["html"].replace(ALERTS_MARK, alerts, 1), status=entry["status"])
        response["Content-Language"] = language
    # Recalls and counterfeit signs are per request: shared caches must ask again.
    patch_cache_control(response, no_cache=True)
    return response


def language(request):
    """The public pages' language switch: a GET form, so that those pages carry no CSRF token and set no cookie
    at all until a visitor chooses a language (Django's ``set_language`` takes POST only). It changes nothing
    but that cookie."""
    next_url = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    chosen = request.GET.get("language", "")
    if chosen in dict(settings.LANGUAGES):
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, chosen, max_age=settings.LANGUAGE_COOKIE_AGE,
                            path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
                            secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                            samesite=settings.LANGUAGE_COOKIE_SAMESITE)
    return response


def _kiosk(request) -> dict:
    try:
        idle = int(request.GET.get("idle", ""))
    except ValueError:
        idle = settings.FOODTRACE_KIOSK_IDLE_SECONDS
    idle = min(max(idle, IDLE_BOUNDS[0]), IDLE_BOUNDS[1])
    kiosk_id = scans.kiosk_id(request.GET.get("id"))
    params = {"id": kiosk_id} if kiosk_id else {}
    if idle != settings.FOODTRACE_KIOSK_IDLE_SECONDS:
        params["idle"] = idle
    return {"id": kiosk_id, "idle": idle, "params": params, "query": urlencode(params)}


def kiosk_start(request):
    return _start(request, kiosk=_kiosk(request))


def kiosk_lookup(request):
    kiosk = _kiosk(request)
    if not _asked(request):
        return redirect(f"/kiosk/?{kiosk['query']}" if kiosk["query"] else "/kiosk/")
    try:
        cid = _read(request)
    except Unreadable as exc:
        return _start(request, error=str(exc), status=400, kiosk=kiosk)
    return product_response(request, cid, kiosk=kiosk)
