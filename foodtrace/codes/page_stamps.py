"""Which cached public pages a change of a trace code makes stale (declared here, connected by foodtrace.stamps)."""

from foodtrace.codes.models import TraceCode
from foodtrace.stamps.declare import on_change


@on_change(TraceCode, delete=False)
def trace_code_changed(code):
    return [code.key]
