"""Registry pages: bulk import of businesses, licences and products (批量导入)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from foodtrace.accounts.principals import require
from foodtrace.registry import imports

# Enough to fix a file by; a file wrong on every row would otherwise make a page of many megabytes.
MAX_ERRORS_SHOWN = 2000


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What the file holds"),
                             choices=[(kind, label) for kind, label in imports.KIND_LABELS.items()])
    file = forms.FileField(label=gettext_lazy("File (.xlsx or .csv)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}))


def _require_import_permission(request) -> None:
    require(request.user, imports.PERMISSION, _("Your role may not import registry data."))


@login_required
def import_page(request):
    _require_import_permission(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        # Read one byte past the limit: enough for the engine to refuse, never the whole of a huge upload.
        content = upload.read(imports.MAX_BYTES + 1)
        report = imports.registry_import(actor=request.user, kind=form.cleaned_data["kind"], filename=upload.name,
                                         content=content)
        if report.ok:
            messages.success(request, ngettext(
                "Imported %(count)d row from %(file)s.", "Imported %(count)d rows from %(file)s.",
                report.imported) % {"count": report.imported, "file": upload.name})
            if report.flagged:
                messages.warning(request, ngettext(
                    "%(count)d USCC fails its check character; it was imported and flagged for review.",
                    "%(count)d USCCs fail their check character; they were imported and flagged for review.",
                    report.flagged) % {"count": report.flagged})
            # Post/redirect/get: reloading the page must not import the file a second time.
            return redirect("registry:import")
    templates = [{"kind": kind, "label": label} for kind, label in imports.KIND_LABELS.items()]
    return render(request, "registry/import.html", {
        "form": form,
        "report": report,
        "errors": report.errors[:MAX_ERRORS_SHOWN] if report else [],
        "hidden_errors": max(0, len(report.errors) - MAX_ERRORS_SHOWN) if report else 0,
        "error_rows": len({e.row for e in report.errors}) if report else 0,
        "templates": templates,
        "max_rows": imports.MAX_ROWS,
        "max_mb": imports.MAX_BYTES // (1024 * 1024),
    })


@login_required
def import_template(request, kind: str, fmt: str):
    _require_import_permission(request)
    download = imports.template_download(kind, fmt)
    if download is None:
        raise Http404
    return HttpResponse(download.content, headers=download.headers)
