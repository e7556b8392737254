"""Pages of trace codes for people logged in: label sheets. (The resolver's answers to a scanned code — the
public product page, a linkset, QR images — are the public site's: foodtrace/public/code_pages.py.)"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from foodtrace.codes.labels import label_sheet


@login_required
def labels(request):
    if not request.user.has_perm("codes.view_tracecode"):
        raise PermissionDenied(_("Your role may not see trace codes."))
    return render(request, "codes/labels.html", label_sheet(request))
