"""The chain as people read it: one step per recorded event, oldest first — when, where (district and business),
who, and what was done in plain words (raised at the farm, slaughtered with quarantine certificate no. …,
split at the market, shipped to …, received from …, sold).

Input: the backward trace answer (``answer.trace``) and what one extra query read of the same events (their
business documents, and for events that make goods, the goods they made and the ILMD dates). Only public
facts are used: businesses by name, district, USCC and licence; never people, phones or addresses.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import unquote

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from foodtrace.display.words import biz_step_word as biz_step
from foodtrace.display.words import quantity_text

QUARANTINE = ("urn:foodtrace:btt:quarantine_cert", "urn:foodtrace:qc:")
INSPECTION = ("urn:foodtrace:btt:inspection_report", "urn:foodtrace:ir:")
FARMS = ("farm_base",)
MAKERS = ("farm_base", "producer", "slaughterhouse")
MARKETS = ("wholesale_market", "farmers_market")
SLAUGHTER_STEPS = ("killing", "slaughtering")


@dataclass
class Step:
    time: datetime | None
    kind: str  # origin, registered, slaughter, process, split, pack, ship, receive, sell, other
    what: str
    party: dict | None  # the business that recorded it (public registry data)
    quantity: str = ""
    documents: list[str] = field(default_factory=list)


@dataclass
class EventFacts:
    """What the extra query read of one event."""

    documents: list[tuple[str, str]] = field(default_factory=list)  # (type, value) of its bizTransactions
    made: list[str] = field(default_factory=list)  # keys of the goods it made (ADD / transformation outputs)
    named: dict[str, tuple] = field(default_factory=dict)  # key -> (quantity, uom) for every key it names
    ilmd: dict[str, str] = field(default_factory=dict)  # productionDate / itemExpirationDate


def document_label(kind: str, value: str) -> str | None:
    """A quarantine certificate or inspection report number as people read it; None for other documents
    (invoices and orders are commercial, not shown)."""
    for (btt, prefix), label in ((QUARANTINE, pgettext("public", "Quarantine certificate no. %(number)s")),
                                 (INSPECTION, pgettext("public", "Inspection report no. %(number)s"))):
        if kind == btt or value.startswith(prefix):
            number = unquote(value[len(prefix):]) if value.startswith(prefix) else value.rsplit(":", 1)[-1]
            return label % {"number": number}
    return None


def _time(raw: str | None) -> datetime | None:
    try:
        return timezone.localtime(datetime.fromisoformat(raw)) if raw else None
    except (TypeError, ValueError):
        return None


def _name(party: dict | None) -> str:
    return (party or {}).get("name") or pgettext("public", "an unregistered business")


def steps_of(answer: dict, facts: dict[str, EventFacts]) -> list[Step]:
    parties = {p["id"]: p for p in answer.get("parties") or ()}
    lots = {lot["id"] for lot in answer.get("lots") or ()}
    edges = answer.get("edges") or ()
    shipped = [e for e in edges if e["kind"] == "shipped-to"]
    shipped_by_event = {e["event"]: e for e in shipped}
    outputs = defaultdict(set)
    for edge in edges:
        if edge["kind"] in ("transformed-into", "split-into"):
            outputs[edge["event"]].add(edge["to"])
    # Quarantine certificates a business recorded when it shipped goods: shown on the step that made them too.
    certificates_shipped = defaultdict(list)
    for edge in shipped:
        for kind, value in facts.get(edge["event"], EventFacts()).documents:
            if kind == QUARANTINE[0] or value.startswith(QUARANTINE[1]):
                certificates_shipped[(edge["from"], edge.get("lot"))].append(document_label(kind, value))

    steps = []
    for event in answer.get("events") or ():
        event_id, step, kind_of_event = event["eventID"], event.get("bizStep") or "", event.get("type")
        owner = parties.get(event.get("business"))
        owner_kind = (owner or {}).get("kind") or ""
        fact = facts.get(event_id, EventFacts())
        documents = [label for kind, value in fact.documents if (label := document_label(kind, value))]
        named = {key: value for key, value in fact.named.items() if key in lots}
        quantities = {quantity_text(*value) for value in named.values() if value[0] is not None}
        quantity = quantities.pop() if len(quantities) == 1 else ""
        edge = shipped_by_event.get(event_id)
        if kind_of_event == "TransformationEvent":
            if step == "repackaging":
                kind, what = "split", _("Split for sale")
                if owner_kind in MARKETS:
                    what = pgettext("public", "Split for sale at the market")
            elif step in SLAUGHTER_STEPS or owner_kind == "slaughterhouse":
                kind, what = "slaughter", pgettext("public", "Slaughtered")
                for made in outputs.get(event_id, ()):
                    for label in certificates_shipped.get((event.get("business"), made), ()):
                        if label not in documents:
                            documents.append(label)
            else:
                kind, what = "process", pgettext("public", "Processed")
            made_here = [k for k in outputs.get(event_id, ()) if k in named]
            if made_here:
                quantity = quantity_text(*named[made_here[0]])
        elif step == "commissioning":
            if owner_kind in FARMS:
                kind, what = "origin", pgettext("public", "Raised or grown here and registered")
            else:
                kind, what = "registered", _("Lot registered")
        elif step == "shipping":
            receiver = parties.get(edge["to"]) if edge else None
            kind = "ship"
            what = (pgettext("public", "Shipped to %(receiver)s") % {"receiver": _name(receiver)} if edge
                    else pgettext("public", "Shipped"))
            if edge and edge.get("quantity") is not None:
                quantity = quantity_text(edge["quantity"], edge.get("unit") or "")
        elif step in ("receiving", "accepting"):
            sender = parties.get(edge["from"]) if edge else _sender(shipped, event, lots, parties)
            kind = "receive"
            what = (pgettext("public", "Received from %(sender)s") % {"sender": _name(sender)} if sender
                    else pgettext("public", "Received"))
        elif step == "retail_selling":
            kind, what = "sell", pgettext("public", "Sold to consumers")
        elif kind_of_event == "AggregationEvent":
            kind = "pack"
            what = (pgettext("public", "Packed for transport") if event.get("action") == "ADD"
                    else pgettext("public", "Unpacked"))
        else:
            kind, what = "other", biz_step(step) if step else pgettext("public", "Recorded")
        steps.append(Step(_time(event.get("time")), kind, str(what), owner, quantity, documents))
    return steps


def _sender(shipped: list[dict], event: dict, lots: set[str], parties: dict) -> dict | None:
    """Who sent what a business received: the latest shipment of one of these lots to it before it arrived
    (the answer keeps one record per movement, usually the sender's)."""
    when = _time(event.get("time"))
    found = None
    for edge in shipped:
        sent = _time(edge.get("time"))
        if edge["to"] == event.get("business") and edge.get("lot") in lots and when and sent and sent <= when:
            found = edge
    return parties.get(found["from"]) if found else None
