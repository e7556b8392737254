"""Trace API (/api/v1/trace/): follow a lot or unit backward to its origins and forward to everyone who got it."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router

from foodtrace.accounts.principals import require
from foodtrace.trace import answer as trace_answer
from foodtrace.trace import graph

router = Router(tags=["trace"])


@router.get("/{path:code}")
def trace(request: HttpRequest, code: str, direction: str = "both", depth: int | None = None):
    """`code`: a GS1 Digital Link URI or path (`/01/{GTIN}/10/{lot}`), an EPC URN, a platform lot URI or the
    bare platform code under a QR label. Only events within the asker's scope are followed and shown."""
    principal = request.auth
    require(principal, "trace.view_event")
    try:
        return trace_answer.trace(code, direction=direction, depth=depth, principal=principal)
    except graph.TraceInputError as exc:
        raise ValidationError({exc.field: str(exc)}) from exc  # 422 {"detail": [{"field", "message"}]}
