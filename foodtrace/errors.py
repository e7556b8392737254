"""What a person sees when a page cannot be shown: 403, 404, 500 and a refused form (CSRF), as pages in the
platform's frame saying what happened and what to do — never a bare "403 Forbidden" or Django's debug page.

The JSON API (/api/…) and the EPCIS interface (/epcis/…) keep answering machines in their own shapes: their
routers answer their own errors, and what reaches these handlers from under them (a path no route matches, a
crash) is answered as JSON ({"detail": …}) or RFC 7807 problem details (EPCIS) here.

The 500 page is rendered without the database, without context processors and without the request's user:
whatever broke may be one of them. It carries a reference that is written to the log beside the traceback, so
that the operator can find what happened to the person who quotes it.
"""

from __future__ import annotations

import logging
import secrets
import sys

from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import get_template
from django.utils.translation import gettext as _

logger = logging.getLogger("foodtrace.errors")

API_PREFIX = "/api/"
EPCIS_PREFIX = "/epcis/"
# The standard's type URIs (foodtrace/trace/epcis_api.py writes the same for the errors its routes answer).
EPCIS_TYPE = "epcisException:"


def _machine(request, status: int, detail: str, exception: str) -> JsonResponse | None:
    """The JSON answer for a request to the API or the EPCIS interface; None for a page."""
    path = request.path_info
    if path.startswith(EPCIS_PREFIX) or path == EPCIS_PREFIX.rstrip("/"):
        return JsonResponse({"type": EPCIS_TYPE + exception, "title": exception, "status": status, "detail": detail},
                            status=status, content_type="application/problem+json")
    if path.startswith(API_PREFIX):
        return JsonResponse({"detail": detail}, status=status)
    return None


def forbidden(request, exception=None):
    """handler403: PermissionDenied raised by a view, a permission decorator or the back office."""
    answer = _machine(request, 403, str(exception or "") or "permission denied", "SecurityException")
    if answer is not None:
        return answer
    # A message a view wrote for people (PermissionDenied(_("Your role may not see certificates."))) says why.
    reason = str(exception) if exception is not None and exception.args else ""
    return render(request, "errors/403.html", {"reason": reason}, status=403)


def not_found(request, exception=None):
    """handler404: no such page, or nothing by that number in the person's scope."""
    answer = _machine(request, 404, "Not Found", "NoSuchResourceException")
    if answer is not None:
        return answer
    return render(request, "errors/404.html", {"path": request.path}, status=404)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent without its token — usually a page left open past the session, or
    cookies blocked. The reason is for the log, not for the person."""
    logger.warning("CSRF check failed for %s %s: %s", request.method, request.path, reason)
    answer = _machine(request, 403, f"CSRF check failed: {reason}", "SecurityException")
    if answer is not None:
        return answer
    return render(request, "errors/csrf.html", {}, status=403)


def server_error(request):
    """handler500. Runs inside the except block of Django's handler, so the traceback is at hand."""
    reference = secrets.token_hex(4).upper()
    logger.error("Server error, reference %s: %s %s", reference, request.method, request.path,
                 exc_info=sys.exc_info())
    answer = _machine(request, 500, f"server error (reference {reference})", "ImplementationException")
    if answer is not None:
        answer["X-Error-Reference"] = reference
        return answer
    try:
        token = get_token(request)  # a cookie, not the database: the language switch still works
    except Exception:  # nothing may stop the error page
        token = ""
    try:
        # No request passed: no context processors, no user, no session, no database.
        html = get_template("errors/500.html").render({"reference": reference, "csrf_token": token,
                                                       "request": request})
    except Exception:  # a broken template must not hide the error page
        logger.exception("The error page itself failed, reference %s", reference)
        html = ("<!doctype html><html lang=\"zh-hans\"><meta charset=\"utf-8\"><title>500</title>"
                f"<h1>{_('Something went wrong on our side')}</h1>"
                f"<p>{_('Reference')}: <code>{reference}</code></p></html>")
    response = HttpResponse(html, status=500)
    response["X-Error-Reference"] = reference
    return response
