"""Regulators' trace pages: the chain of a lot as a graph and a timeline, and one step back / one step forward
for a business (EU 178/2002 Art. 18: who supplied it, whom it supplied)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from foodtrace.accounts.principals import require
from foodtrace.registry.models import Business
from foodtrace.trace import answer as trace_answer
from foodtrace.trace import graph, selectors
from foodtrace.trace.layout import layout

PERMISSION = "trace.view_event"


def _require(request) -> None:
    require(request.user, PERMISSION, _("Your role may not read traceability data."))


@login_required
def trace_page(request):
    _require(request)
    code = request.GET.get("code", "").strip()
    direction = request.GET.get("direction", "both")
    context = {"code": code, "direction": direction, "directions": graph.DIRECTIONS}
    if code:
        try:
            answer = trace_answer.trace(code, direction=direction, principal=request.user)
        except graph.TraceInputError as exc:
            context["error"] = str(exc)
        else:
            parties = {p["id"]: p for p in answer["parties"]}
            context.update(answer=answer, parties=parties, drawing=layout(answer, parties),
                           root_lot=next((lot for lot in answer["lots"] if lot["id"] == answer["root"]), None))
    return render(request, "trace/trace.html", context)


@login_required
def business_steps(request, business_id: int):
    """Suppliers (one step back) and customers (one step forward) of one business, from the shipped-to steps
    within the asker's scope."""
    _require(request)
    try:
        steps = selectors.business_steps(request.user, business_id)
    except Business.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "trace/business_steps.html", steps)
