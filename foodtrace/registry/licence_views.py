"""The licence list (许可证列表): a regulator's licences in their area, filtered by effective status — valid,
expiring within settings.LICENCE_EXPIRING_DAYS, expired (from valid_until, whatever the stored status says),
suspended, revoked — so that the workbench's "expiring / expired licences" lead to the licences themselves.

``?status=expiring`` (any LicenceStatus value), ``?kind=SC|JY``, ``?q=`` (number or business name), ``?page=``.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import render
from django.utils.translation import gettext as _

from foodtrace.registry import selectors
from foodtrace.registry.models import LicenceKind, LicenceStatus

PERMISSION = "registry.view_licence"
PAGE_SIZE = 50


@login_required
def licence_list(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied(_("Your role may not see licences."))
    status = request.GET.get("status", "")
    status = status if status in LicenceStatus.values else ""
    kind = request.GET.get("kind", "")
    kind = kind if kind in LicenceKind.values else ""
    q = request.GET.get("q", "").strip()[:100]
    found = selectors.licences(request.user, status=status, kind=kind, q=q).order_by("valid_until", "number")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    words = dict(LicenceStatus.choices)
    for licence in page:
        licence.status_word = words.get(licence.effective_status, licence.effective_status)
    # How many of each effective status the person's area holds (one grouped query), for the filter links.
    counts = dict(selectors.licences(request.user, kind=kind, q=q).order_by()
                  .values_list("effective_status").annotate(n=Count("pk")))
    filters = [{"value": value, "label": label, "count": counts.get(value, 0)}
               for value, label in LicenceStatus.choices]
    return render(request, "registry/licences.html", {
        "page": page, "status": status, "kind": kind, "q": q, "filters": filters,
        "total": sum(counts.values()), "kinds": LicenceKind.choices,
        "status_label": dict(LicenceStatus.choices).get(status, ""),
    })
