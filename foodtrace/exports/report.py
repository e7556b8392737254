"""追溯报告: a printable trace report of one lot — its chain backward and forward, every business with its
licence, the documents of every event and the attachments kept for them.

The chain comes from ``foodtrace.trace.answer.trace`` (the answer of ``GET /api/v1/trace/{code}``), which keeps to
the principal's scope; this module only arranges it for reading and adds, in one query, the business
transactions (invoices, quarantine certificates, inspection reports — 索证索票) of the events shown, and the
attachments ``foodtrace.ledgers`` keeps for those lots and documents when that app offers them.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from foodtrace.accounts.principals import require
from foodtrace.audit.recorder import record
from foodtrace.display.words import disposition_word, event_term, event_word, unit_word
from foodtrace.exports.fsma204 import INSPECTION_REPORT, PERMISSION, QUARANTINE_CERT, REFUSED, tlc_of
from foodtrace.registry.models import BusinessKind, LicenceStatus
from foodtrace.trace.answer import trace
from foodtrace.trace.models import Event, EventTransaction

EDGE_LABELS = {
    "transformed-into": gettext_lazy("Processed into"),
    "split-into": gettext_lazy("Split into"),
    "contained-in": gettext_lazy("Packed into"),
    "shipped-to": gettext_lazy("Shipped to"),
}
DOCUMENT_LABELS = {
    "inv": gettext_lazy("Invoice"),
    "po": gettext_lazy("Purchase order"),
    "poc": gettext_lazy("Purchase order confirmation"),
    "desadv": gettext_lazy("Despatch advice"),
    "bol": gettext_lazy("Bill of lading"),
    "recadv": gettext_lazy("Receiving advice"),
    "prodorder": gettext_lazy("Production order"),
    "cert": gettext_lazy("Certificate"),
    "testres": gettext_lazy("Test result"),
    QUARANTINE_CERT: gettext_lazy("Quarantine certificate"),
    INSPECTION_REPORT: gettext_lazy("Inspection report"),
}
ATTACHMENT_PERMISSION = "ledgers.view_attachment"
BAD_LICENCE = (LicenceStatus.EXPIRED, LicenceStatus.SUSPENDED, LicenceStatus.REVOKED)


def report_number(now: datetime) -> str:
    """TR + date + six random hex digits: unique enough to quote, unguessable, needs no counter row."""
    return f"TR{timezone.localtime(now):%Y%m%d}-{secrets.token_hex(3).upper()}"


def build(code: str, principal) -> dict:
    """The report's content for ``code``, once the principal may export (PermissionDenied otherwise;
    TraceInputError for a code that cannot be read), and its audit entry (action "export"): who generated
    which report, of which lot, when."""
    require(principal, PERMISSION, REFUSED)
    answer = trace(code, direction="both", principal=principal)
    report = arrange(answer, principal)
    now = timezone.now()
    report.update(number=report_number(now), generated_at=now, code=code,
                  generated_by=_person(principal))
    record(action="export", object_type="exports.trace_report", object_id=report["root"]["id"],
           object_repr=f"追溯报告 {report['number']} {code}"[:200],
           changes={"report": report["number"], "code": code, "root": report["root"]["id"],
                    "lots": len(report["lots"]), "events": len(report["events"]),
                    "parties": len(report["parties"]), "documents": report["document_count"]})
    return report


def _person(principal) -> str:
    first, last = getattr(principal, "first_name", ""), getattr(principal, "last_name", "")
    if any("\u4e00" <= c <= "\u9fff" for c in first + last):
        name = f"{last}{first}"  # a Chinese name: family name first, no space
    else:
        name = f"{first} {last}".strip()
    name = name or getattr(principal, "username", "") or getattr(principal, "name", "")
    role = principal.get_role_display() if hasattr(principal, "get_role_display") else ""
    return f"{name}（{role}）" if role else name


def arrange(answer: dict, principal) -> dict:
    """From the trace answer to what the page shows, tolerant of fields the answer may leave out."""
    root_key = answer.get("root", "")
    parties = {p["id"]: _party(p) for p in answer.get("parties") or ()}
    lots = [_lot(lot, parties) for lot in answer.get("lots") or ()]
    levels = _levels(root_key, lots, answer.get("edges") or ())
    for lot in lots:
        lot["level"] = levels.get(lot["id"], lot["level"])
        lot["distance"] = abs(lot["level"])
    by_key = {lot["id"]: lot for lot in lots}
    _inherit_products(by_key, answer.get("edges") or ())
    root = by_key.get(root_key) or _lot({"id": root_key}, parties)

    def label(key: str) -> str:
        if key in parties:
            return parties[key]["name"] or key
        if key in by_key:
            return by_key[key]["label"]
        return key

    events = [_event(e, parties) for e in answer.get("events") or ()]
    documents = _documents([e["id"] for e in events], principal)
    for event in events:
        event["documents"] = documents.get(event["id"], [])
    edges = [{
        "time": _time(e.get("time")), "kind": EDGE_LABELS.get(e.get("kind"), e.get("kind", "")),
        "from": label(e.get("from", "")), "to": label(e.get("to", "")),
        "lot": label(e["lot"]) if e.get("lot") else "", "quantity": e.get("quantity"),
        "unit": unit_word(e.get("unit")), "uom": e.get("unit") or "", "event": e.get("event", ""),
    } for e in answer.get("edges") or ()]
    transaction_values = sorted({d["value"] for docs in documents.values() for d in docs})
    return {
        "root": root,
        "lots": lots,
        "upstream": sorted((lot for lot in lots if lot["level"] < 0), key=lambda lot: lot["level"]),
        "downstream": sorted((lot for lot in lots if lot["level"] > 0), key=lambda lot: lot["level"]),
        "parties": _in_chain_order(parties, answer.get("events") or ()),
        "edges": edges,
        "events": events,
        "document_count": sum(len(docs) for docs in documents.values()),
        "attachments": attachments([lot["id"] for lot in lots], transaction_values, principal),
    }


def _in_chain_order(parties: dict, events) -> list[dict]:
    """Each business once (a business may be named by its USCC and by its locations), in the order the chain
    reaches it: by its first event, then the rest by name."""
    first_seen: dict[str, int] = {}
    for index, event in enumerate(sorted(events, key=lambda e: str(e.get("time", "")))):
        business = event.get("business")
        if business in parties:
            first_seen.setdefault(parties[business]["uscc"] or business, index)
    unique = {p["uscc"] or p["id"]: p for p in parties.values()}
    return sorted(unique.values(), key=lambda p: (first_seen.get(p["uscc"] or p["id"], len(first_seen)),
                                                  p["name"] or "", p["id"]))


def _party(p: dict) -> dict:
    licence = p.get("licence") or {}
    status = licence.get("status") or ""
    district = p.get("district")
    kind = p.get("kind") or ""
    return {
        "id": p.get("id", ""), "uscc": p.get("uscc") or "", "name": p.get("name") or "",
        "kind": BusinessKind(kind).label if kind in BusinessKind.values else kind,
        "district": (district.get("name") or district.get("code") or "") if isinstance(district, dict)
        else (district or ""),
        "licence_number": licence.get("number") or "",
        "licence_status": LicenceStatus(status).label if status in LicenceStatus.values else status,
        "licence_bad": status in BAD_LICENCE,
    }


def _lot(lot: dict, parties: dict) -> dict:
    product = lot.get("product")
    if isinstance(product, dict):
        name, gtin = product.get("name") or "", product.get("gtin") or ""
    else:
        name, gtin = (product or ""), ""
    holder = lot.get("holder")
    key = lot.get("id", "")
    code = tlc_of(key)
    return {
        "id": key, "code": lot.get("code") or key, "tlc": code, "product": name, "gtin": gtin,
        "label": f"{name} {code}".strip() if name else code,
        "quantity": lot.get("quantity"), "unit": unit_word(lot.get("unit")), "uom": lot.get("unit") or "",
        "holder": (parties.get(holder, {}).get("name") or holder) if holder else "",
        "level": lot.get("level") if isinstance(lot.get("level"), int) else 0,
    }


def _inherit_products(by_key: dict[str, dict], edges) -> None:
    """A lot split from another (分装, a market's smaller lots) is the same goods: without a product of its own
    it shows its parent's (as the FSMA 204 spreadsheet does)."""
    for e in sorted(edges, key=lambda e: str(e.get("time", ""))):
        parent, child = by_key.get(e.get("from")), by_key.get(e.get("to"))
        if e.get("kind") == "split-into" and parent and child and parent["product"] and not child["product"]:
            child.update(product=parent["product"], gtin=parent["gtin"],
                         label=f"{parent['product']} {child['tlc']}")


def _levels(root: str, lots: list[dict], edges) -> dict[str, int]:
    """Distance from the root along lot-to-lot edges, for an answer that does not carry ``level``."""
    if any(lot["level"] for lot in lots):
        return {}
    forward, backward = {}, {}
    for e in edges:
        if e.get("kind") == "shipped-to":
            continue
        forward.setdefault(e.get("from"), []).append(e.get("to"))
        backward.setdefault(e.get("to"), []).append(e.get("from"))
    levels = {root: 0}
    for graph, sign in ((forward, 1), (backward, -1)):
        frontier, depth = [root], 0
        while frontier:
            depth += 1
            reached = [n for key in frontier for n in graph.get(key, ()) if n not in levels]
            for key in reached:
                levels[key] = sign * depth
            frontier = reached
    return levels


def _event(e: dict, parties: dict) -> dict:
    business = e.get("business")
    kind, action, step = e.get("type", ""), e.get("action") or "", e.get("bizStep") or ""
    return {
        "id": e.get("eventID", ""), "time": _time(e.get("time")), "type": kind,
        # Plain words (发货, 收货, 加工); the standard's terms in the tooltip.
        "step": event_word(kind, action, step), "term": event_term(kind, action, step),
        "disposition": disposition_word(e.get("disposition")), "offset": e.get("timeZoneOffset") or "",
        "business": (parties.get(business, {}).get("name") or business) if business else "",
        "location": e.get("location") or "",
    }


def _time(value) -> datetime | str:
    if isinstance(value, datetime):
        return timezone.localtime(value)
    try:
        return timezone.localtime(datetime.fromisoformat(value))
    except (TypeError, ValueError):
        return value or ""


def _documents(event_ids: list[str], principal) -> dict[str, list[dict]]:
    """The business transactions of the shown events, by event ID: one query, through the principal's scope."""
    if not event_ids:
        return {}
    scoped = Event.objects.restrict(principal).filter(event_id__in=event_ids, error_declared=False)
    found: dict[str, list[dict]] = {}
    seen = set()
    for event_id, kind, value in EventTransaction.objects.filter(event_id__in=scoped.values("pk")).order_by(
            "id").values_list("event__event_id", "type", "value"):
        if (event_id, kind, value) in seen:
            continue
        seen.add((event_id, kind, value))
        found.setdefault(event_id, []).append({"type": str(DOCUMENT_LABELS.get(kind, kind or _("Document"))),
                                               "value": value})
    return found


def attachments(lot_keys: list[str], transaction_values: list[str], principal) -> list[dict] | None:
    """Attachments (scanned quarantine certificates, inspection reports, invoices) that ``foodtrace.ledgers``
    keeps for these lots and documents, as far as the principal may see them; None when that app does not
    offer ``attachments_for`` or the principal may not read attachments (the page then leaves them out)."""
    try:
        from foodtrace.ledgers.attachments import attachments_for
    except ImportError:
        return None
    if not principal.has_perm(ATTACHMENT_PERMISSION):
        return None
    found = attachments_for(lot_keys, transaction_values)
    if hasattr(found, "restrict"):  # the finder is not scoped: its callers restrict it
        found = found.restrict(principal)
    return [_attachment(item) for item in found]


def _attachment(item) -> dict:
    def pick(*names) -> str:
        for name in names:
            value = item.get(name) if isinstance(item, dict) else getattr(item, name, None)
            if callable(value):
                value = value()
            if value:
                return str(value)
        return ""

    url = pick("url")
    if not url and getattr(item, "pk", None) is not None:
        try:
            url = reverse("ledgers:attachment_file", args=[item.pk])
        except NoReverseMatch:
            url = ""
    return {"name": pick("original_name", "name") or str(item), "kind": pick("get_kind_display", "kind"),
            "url": url, "for": pick("document_number", "lot_key")}
