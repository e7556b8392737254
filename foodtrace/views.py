from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from foodtrace import workbench
from foodtrace.registry.selectors import registry_overview


@login_required
def home(request):
    """The workbench (工作台): what this person must do today, in their scope, most urgent first."""
    user = request.user
    overview = registry_overview(user) if user.has_perm("registry.view_business") else None
    return render(request, "home.html", {"board": workbench.collect(user), "overview": overview})
