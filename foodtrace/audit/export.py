"""The audit administrator's export of the audit list: the entries the list shows with its current filters,
search and date drill-down, newest first, at most AUDIT_EXPORT_MAX_ROWS, as CSV or .xlsx through the sheets
engine's writer (an actor name or an object description is text, never a formula) — and the export itself
is an audit entry: who took which part of the trail, how many entries.
"""

import json

from django.conf import settings
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from foodtrace.audit.recorder import record
from foodtrace.sheets import CONTENT_TYPES, csv_bytes, table_xlsx

FIELDS = ("chain_index", "at", "actor_type", "actor_id", "actor_name", "actor_role", "source", "ip", "action",
          "object_type", "object_id", "object_repr", "changes", "entry_hash")
DEFAULT_MAX_ROWS = 10_000


def max_rows() -> int:
    return int(getattr(settings, "AUDIT_EXPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def _value(entry, name: str):
    value = getattr(entry, name)
    if name == "at":
        return timezone.localtime(value).isoformat(timespec="seconds")  # Beijing time with its offset
    if name == "changes":
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return "" if value is None else value


class AuditExportMixin:
    """Adds ``export/csv/`` and ``export/xlsx/`` beside the audit list (links in its object tools)."""

    change_list_template = "admin/audit/auditentry/change_list.html"

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_export"
        return [path("export/<str:fmt>/", self.admin_site.admin_view(self.export_view), name=name),
                *super().get_urls()]

    def export_view(self, request, fmt: str):
        if fmt not in CONTENT_TYPES:
            raise Http404
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)  # the list's own filters, search and ordering
        except IncorrectLookupParameters:
            url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
            return HttpResponseRedirect(f"{url}?e=1")
        limit = max_rows()
        entries = list(changelist.get_queryset(request).order_by("-chain_index")[:limit + 1])
        truncated = len(entries) > limit
        entries = entries[:limit]
        header = [str(self.opts.get_field(name).verbose_name) for name in FIELDS]
        rows = [[_value(entry, name) for name in FIELDS] for entry in entries]
        if fmt == "csv":
            content = csv_bytes([header, *rows])
        else:
            about = [[_("Filters"), request.GET.urlencode() or "-"], [_("Entries"), len(rows)]]
            if truncated:
                about.append([_("Only the newest %(max)s entries of this list are exported; narrow the filters "
                                "to export the rest.") % {"max": limit}])
            content = table_xlsx(_("Audit trail"), header, rows, widths={12: 40, 13: 60}, default_width=16,
                                 extra_sheets=[("About", about)])
        record(action="export", object_type="audit.auditentry", object_id=fmt,
               object_repr=_("Audit list export (%(count)s entries)") % {"count": len(rows)},
               changes={"filters": request.GET.dict(), "format": fmt, "rows": len(rows), "truncated": truncated,
                        "first": entries[-1].chain_index if entries else None,
                        "last": entries[0].chain_index if entries else None})
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.{fmt}"'
        response["X-FoodTrace-Truncated"] = "1" if truncated else "0"
        return response
