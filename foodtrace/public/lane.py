"""The public lane: code pages (``/t/…``, ``/01/…``) skip the back office's middleware.

A scanned code's page is the platform's hottest path (docs/public.md: ≥ 1,500 requests/s) and needs nothing
of what the back office's middleware does: it is anonymous and read-only (the look-up record is not business
data), carries no form and no CSRF token, shows no messages, and its language comes from the language cookie
(``ChineseFirstLocaleMiddleware``, which runs before this). So, like Django's own FetchFromCacheMiddleware,
this middleware answers those paths itself, early in the chain: sessions, authentication, two-factor,
lock-out, audit context, log-in policy, CSRF and messages are not run for them. The middleware before it
(security headers, static files, locale) and ``XFrameOptionsMiddleware`` (moved before it) still apply.

Anything else — another method, another path — goes down the normal chain.
"""

from __future__ import annotations

from foodtrace.public import code_pages

# The routes of foodtrace/public/urls.py (``t/<path:rest>``, ``01/<path:rest>``), dispatched by prefix: walking the
# URL resolver cost a tenth of a cached page. tests/public/test_lane.py holds the two equal.
ROUTES = {"/t/": code_pages.platform_code, "/01/": code_pages.digital_link}
PREFIXES = tuple(ROUTES)


class PublicLaneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if request.method in ("GET", "HEAD") and path.startswith(PREFIXES):
            prefix = path[:path.index("/", 1) + 1]
            if len(path) > len(prefix):  # <path:rest> is never empty
                return ROUTES[prefix](request, path[len(prefix):])
        return self.get_response(request)
