"""Which cached public pages a recall makes stale (declared here, connected by foodtrace.stamps)."""

from foodtrace.recall.models import Recall, RecallLot
from foodtrace.stamps import store as stamps
from foodtrace.stamps.declare import on_change


@on_change(Recall, RecallLot)
def recall_changed(recall):
    return [stamps.RECALLS]  # a recall started (its lots are written in the same transaction) or closed
