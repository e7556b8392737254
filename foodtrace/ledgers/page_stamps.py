"""Which cached public pages a change of a certificate or invoice makes stale (declared here, connected by
foodtrace.stamps)."""

from foodtrace.ledgers.models import Attachment
from foodtrace.stamps import store as stamps
from foodtrace.stamps.declare import on_change


@on_change(Attachment)
def attachment_changed(attachment):
    names = [attachment.lot_key] if attachment.lot_key else []
    if attachment.transaction_value:
        names.append(stamps.document(attachment.transaction_value))
    return names
