"""Regulator export pages: the FSMA 204 spreadsheet form and download, and the printable trace report."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from foodtrace.accounts.principals import require
from foodtrace.exports import fsma204, report
from foodtrace.trace.graph import TraceInputError

FIELDS = ("tlc", "from", "to", "gtin", "product", "format")


def _index(request, *, errors=None, report_error="", status=200):
    values = {name: request.GET.get(name, "") for name in FIELDS}
    values["code"] = request.GET.get("code", "")
    return render(request, "exports/index.html", {
        "values": values, "errors": errors or {}, "report_error": report_error,
        "max_days": fsma204.MAX_RANGE_DAYS,
    }, status=status)


@login_required
def index(request):
    require(request.user, fsma204.PERMISSION, fsma204.REFUSED)
    return _index(request)


@login_required
def fsma204_download(request):
    """The form's target: the file, or the form again with what is wrong under each field (400)."""
    require(request.user, fsma204.PERMISSION, fsma204.REFUSED)
    try:
        made = fsma204.export_file(request.GET, request.user,
                                   site_url=request.build_absolute_uri("/").rstrip("/"))
    except ValidationError as exc:
        errors = {name: " ".join(messages) for name, messages in exc.message_dict.items()}
        return _index(request, errors=errors, status=400)
    response = HttpResponse(made.content, content_type=made.content_type)
    response["Content-Disposition"] = content_disposition_header(True, made.filename)
    return response


@login_required
def trace_report(request):
    require(request.user, fsma204.PERMISSION, fsma204.REFUSED)
    code = request.GET.get("code", "").strip()
    if not code:
        return _index(request, report_error=_("Enter the lot's trace code."), status=400)
    try:
        content = report.build(code, request.user)
    except TraceInputError as exc:
        return _index(request, report_error=_("This code cannot be read: %(detail)s") % {"detail": exc}, status=400)
    return render(request, "exports/report.html", {"report": content})
