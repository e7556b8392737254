"""Reads for the pages: a business's recent trading partners and lots (from its own events), uploads."""

from dataclasses import dataclass

from foodtrace.identifiers import IdentifierError, canonical_id
from foodtrace.registry.models import Business
from foodtrace.trace.models import Event

from .models import Attachment, LedgerUpload

LEDGER_STEPS = ("receiving", "shipping", "inspecting")
RECENT_EVENTS = 200  # enough for a stall's last weeks; one indexed query (business, event_time)


@dataclass(frozen=True)
class Party:
    uscc: str
    name: str


@dataclass(frozen=True)
class RecentLot:
    code: str  # what the quick form's lot field takes: the platform lot code or the maker's batch number
    label: str


def _uscc(uri: str) -> str:
    try:
        found = canonical_id(uri)
    except IdentifierError:
        return ""
    return found.value if found.kind == "uscc_party" else ""


def _lot(uri: str) -> str:
    try:
        found = canonical_id(uri)
    except IdentifierError:
        return ""
    return found.value if found.kind == "platform_lot" else found.lot


def recent_activity(actor, business: Business, limit_each: int = 30) -> tuple[list[Party], list[RecentLot]]:
    """The business's latest counterparties and received lots, newest first, each once."""
    documents = (Event.objects.restrict(actor).filter(business_id=business.pk, biz_step__in=LEDGER_STEPS)
                 .order_by("-event_time").values_list("document", flat=True)[:RECENT_EVENTS])
    parties: dict[str, Party] = {}
    lots: dict[str, RecentLot] = {}
    for event in documents:
        shipping = event.get("bizStep") == "shipping"
        listed = event.get("destinationList" if shipping else "sourceList") or []
        for item in listed:
            uscc = _uscc(item.get("destination" if shipping else "source", ""))
            if uscc and uscc != business.uscc and uscc not in parties:
                parties[uscc] = Party(uscc, event.get("ft:partyName", ""))
        if event.get("bizStep") != "receiving":
            continue
        for quantity in event.get("quantityList") or []:
            code = _lot(quantity.get("epcClass", ""))
            if code and code not in lots:
                amount = f"{quantity['quantity']:g} {quantity.get('uom', '')}" if "quantity" in quantity else ""
                label = " · ".join(p for p in (event.get("ft:productName", ""), code,
                                               event.get("eventTime", "")[:10], amount) if p)
                lots[code] = RecentLot(code, label)
    return list(parties.values())[:limit_each], list(lots.values())[:limit_each]


def uploads_for(principal):
    return (LedgerUpload.objects.restrict(principal).select_related("business", "user", "api_client")
            .order_by("-uploaded_at", "-pk"))


def attachments_visible(principal):
    return Attachment.objects.restrict(principal).select_related("business").order_by("-uploaded_at", "-pk")
