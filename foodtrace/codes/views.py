"""Pages of trace codes for people logged in: label sheets. (The resolver's answers to a scanned code — the
public product page, a linkset, QR images — are the public site's: foodtrace/public/code_pages.py.)"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from foodtrace.accounts.principals import require
from foodtrace.codes.labels import label_sheet


@login_required
def labels(request):
    require(request.user, "codes.view_tracecode", _("Your role may not see trace codes."))
    return render(request, "codes/labels.html", label_sheet(request))
