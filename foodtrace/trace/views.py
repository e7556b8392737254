"""Regulators' trace pages: the chain of a lot as a graph and a timeline, and one step back / one step forward
for a business (EU 178/2002 Art. 18: who supplied it, whom it supplied)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from foodtrace.registry.models import Business
from foodtrace.trace import answer as trace_answer
from foodtrace.trace import graph
from foodtrace.trace.layout import layout
from foodtrace.trace.models import TraceEdge

PERMISSION = "trace.view_event"


def _require(request) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied(_("Your role may not read traceability data."))


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
    business = get_object_or_404(Business.objects.restrict(request.user), pk=business_id)
    key = f"uscc:{business.uscc}"
    edges = TraceEdge.objects.restrict(request.user).filter(kind=TraceEdge.Kind.SHIPPED_TO)
    received = list(edges.filter(to_key=key).order_by("-event_time").values_list(
        "from_key", "via_key", "quantity", "uom", "event_time")[:500])
    sent = list(edges.filter(from_key=key).order_by("-event_time").values_list(
        "to_key", "via_key", "quantity", "uom", "event_time")[:500])
    usccs = {k.partition(":")[2] for k, *_ in received + sent if k.startswith("uscc:")}
    names = dict(Business.objects.filter(uscc__in=usccs).values_list("uscc", "name"))

    def rows(found):
        seen, out = set(), []
        for other, lot, quantity, uom, when in found:
            if (other, lot) in seen:  # the sender's shipping and the receiver's receiving: one movement
                continue
            seen.add((other, lot))
            uscc = other.partition(":")[2]
            out.append({"party": other, "uscc": uscc, "name": names.get(uscc, ""), "lot": lot,
                        "code": graph.display_code(lot),
                        "quantity": quantity, "unit": uom, "time": when})
        return out

    return render(request, "trace/business_steps.html",
                  {"business": business, "suppliers": rows(received), "customers": rows(sent)})
