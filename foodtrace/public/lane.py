"""The public lane: code pages (``/t/…``, ``/01/…``) skip the back office's middleware.

A scanned code's page is the platform's hottest path (docs/public.md: ≥ 1,500 requests/s) and needs nothing
of what the back office's middleware does: it is anonymous and read-only (the look-up record is not business
data), carries no form and no CSRF token, shows no messages, and its language comes from the language cookie
(``ChineseFirstLocaleMiddleware``, which runs before this). So, like Django's own FetchFromCacheMiddleware,
this middleware answers those paths itself, early in the chain: sessions, authentication, two-factor,
lock-out, audit context, log-in policy, CSRF and messages are not run for them. The middleware before it
(security headers, static files, locale) and ``XFrameOptionsMiddleware`` (moved before it) still apply.

Anything else — another method, another path, a path these views do not resolve — goes down the normal chain.
"""

from __future__ import annotations

from django.urls import Resolver404, resolve

from foodtrace.codes import views as code_views

PREFIXES = ("/t/", "/01/")
LEAN_VIEWS = {code_views.platform_code, code_views.digital_link}


class PublicLaneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and request.path_info.startswith(PREFIXES):
            try:
                match = resolve(request.path_info)
            except Resolver404:
                return self.get_response(request)
            if match.func in LEAN_VIEWS:
                return match.func(request, *match.args, **match.kwargs)
        return self.get_response(request)
