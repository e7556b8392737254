"""Reading the trace for pages: one business's suppliers and customers (one step each way).

The whole-chain answers are ``trace/answer.py`` (set-based SQL); this is the ORM read behind the business's
page, through the asker's scope.
"""

from __future__ import annotations

from foodtrace.registry.models import Business
from foodtrace.trace import graph
from foodtrace.trace.models import TraceEdge

STEPS_SHOWN = 500  # per direction, newest first: the page is a look, not an export


def business_steps(principal, business_id: int) -> dict:
    """{business, suppliers, customers} from the shipped-to steps within the principal's scope; each step
    {party, uscc, name, lot, code, quantity, unit, time}. Business.DoesNotExist outside the scope."""
    business = Business.objects.restrict(principal).get(pk=business_id)
    key = f"uscc:{business.uscc}"
    edges = TraceEdge.objects.restrict(principal).filter(kind=TraceEdge.Kind.SHIPPED_TO)
    received = list(edges.filter(to_key=key).order_by("-event_time").values_list(
        "from_key", "via_key", "quantity", "uom", "event_time")[:STEPS_SHOWN])
    sent = list(edges.filter(from_key=key).order_by("-event_time").values_list(
        "to_key", "via_key", "quantity", "uom", "event_time")[:STEPS_SHOWN])
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

    return {"business": business, "suppliers": rows(received), "customers": rows(sent)}
