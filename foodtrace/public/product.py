"""The facts of one code's public page — the expensive, cacheable part (``cache.py`` keeps it).

A lot or unit: ``answer.trace(code, direction="backward", principal=None)`` — the whole chain, unscoped,
because what is printed on goods is public by design — plus one set-based query for the chain's events'
business documents (``trace_eventtransaction``) and what those events made (ILMD dates), the issued code rows
of the lot and the lots it was split from, and its certificates (the rows of ``ledgers.attachments_for``). A bare GTIN:
the product and its brand owner.

Privacy: only registry data that is public anyway (business name, USCC, district, licence number and status)
and the goods' own data. Never contact people, phone numbers, legal representatives or addresses.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from foodtrace.codes.models import display_of
from foodtrace.db import sql
from foodtrace.display.words import quantity_text
from foodtrace.identifiers import CanonicalId, IdentifierError, canonical_id, platform_lot_uri, to_digital_link
from foodtrace.ledgers.models import AttachmentKind
from foodtrace.public.reading import page_path
from foodtrace.public.timeline import MAKERS, EventFacts, Step, steps_of
from foodtrace.registry.models import Business, BusinessKind, Licence, LicenceStatus, Product
from foodtrace.stamps import store as stamps
from foodtrace.trace import answer as trace_answer
from foodtrace.trace import graph
from foodtrace.trace.models.event import EventType

PUBLIC_DOCUMENTS = (AttachmentKind.QUARANTINE_CERT, AttachmentKind.INSPECTION_REPORT)
STATUS_CLASS = {"valid": "ok", "expiring": "warn", "expired": "bad", "suspended": "bad", "revoked": "bad"}


@dataclass
class Facts:
    cid: CanonicalId
    found: bool
    display: str  # the code as printed under its QR
    lot_key: str = ""
    product: dict | None = None  # {id, name, category, specification, gtin}
    producer: dict | None = None  # a party (see ``party``)
    producer_role: str = ""
    origin: dict | None = None
    seller: dict | None = None
    lot: str = ""
    serial: str = ""
    gtin: str = ""
    quantity: str = ""
    production_date: date | None = None
    expiry_date: date | None = None
    split_from: str = ""  # display form of the lot this part was split from
    split_from_path: str = ""
    steps: list[Step] | None = None  # None: the chain could not be had (the page stands without it)
    businesses: list[dict] = field(default_factory=list)
    certificates: list[dict] = field(default_factory=list)
    chain_keys: list[str] = field(default_factory=list)  # the lot and everything upstream (recall check)
    depends_on: list[str] = field(default_factory=list)  # stamp names
    complete: bool = True  # False when a part failed: not cached


KIND_LABELS = dict(BusinessKind.choices)  # lazy labels: translated when shown
STATUS_LABELS = dict(LicenceStatus.choices)


@lru_cache(maxsize=16)
def _labels(language: str | None) -> tuple[dict[str, str], dict[str, str]]:
    """Business kinds and licence statuses in one language (translated once, not for every party shown)."""
    kinds = {code: str(label) for code, label in KIND_LABELS.items()}
    statuses = {code: str(label) for code, label in STATUS_LABELS.items()}
    statuses[""] = pgettext("public", "No licence on record")
    return kinds, statuses


def party(raw: dict | None) -> dict | None:
    """A business as the public page shows it: name, kind, district, USCC, licence number and status."""
    if not raw or not raw.get("name"):
        return None
    licence = raw.get("licence") or {}
    status = licence.get("status") or ""
    kind = raw.get("kind") or ""
    kinds, statuses = _labels(get_language())
    return {
        "uscc": raw.get("uscc") or "", "name": raw["name"],
        "kind": kinds.get(kind, ""), "kind_code": kind,
        "district": ((raw.get("district") or {}).get("name")) or "",
        "licence_number": licence.get("number") or "",
        "licence_status": status,
        "licence_label": statuses.get(status) or statuses[""],
        "licence_class": STATUS_CLASS.get(status, "none"),
    }


def _uri(cid: CanonicalId) -> str:
    return platform_lot_uri(cid.value) if cid.kind == "platform_lot" else to_digital_link(cid)


def build(cid: CanonicalId) -> Facts:
    if cid.kind == "gtin":
        return _product_only(cid)
    facts = Facts(cid=cid, found=False, display=display_of(cid), lot_key=cid.key, gtin=cid.gtin,
                  lot=cid.value if cid.kind == "platform_lot" else cid.lot, serial=cid.serial)
    facts.depends_on = [cid.key, stamps.REGISTRY]
    # Whether any event names the code (one look-up on the identifiers' key index); only then is there a chain.
    named = bool(sql.fetch("SELECT 1 FROM trace_eventidentifier WHERE key = %s LIMIT 1", [cid.key]))
    answer = {"root": cid.key, "lots": [], "parties": [], "edges": [], "events": []}
    if named:
        try:
            answer = trace_answer.trace(_uri(cid), direction="backward", principal=None)
        except (ImportError, AttributeError, ValueError):
            # The trace layer may be missing or unable to read the code; the code's own facts still stand.
            answer, facts.complete = None, False
    codes = _codes(cid, answer)
    root_code = codes.get(cid.key)
    if root_code is None and not named:
        return facts  # never issued, and no event names it: 404
    facts.found = True
    lots = {lot["id"]: lot for lot in (answer or {}).get("lots") or ()}
    facts.chain_keys = sorted(k for k, lot in lots.items() if lot["level"] <= 0) or [cid.key]
    facts.depends_on += facts.chain_keys

    same_goods = _same_goods(cid.key, answer)  # the lot and the lots it was split from, nearest first
    event_facts = _event_facts(answer) if answer else {}
    parties = {p["id"]: p for p in (answer or {}).get("parties") or ()}
    facts.depends_on += [stamps.business(p["uscc"]) for p in parties.values() if p.get("uscc")]

    # Product: the lot's own, or the lot it was split from (a part of a carcass is that carcass's meat).
    for key in same_goods:
        code = codes.get(key)
        product = (lots.get(key) or {}).get("product")
        if code is not None and code["product_id"]:
            facts.product = {"id": code["product_id"], "name": code["product_name"], "category": code["category"] or "",
                             "specification": code["specification"] or "", "gtin": code["gtin"] or ""}
        elif product:
            facts.product = {"id": _product_id(product.get("gtin")), "name": product["name"],
                             "category": product.get("category") or "", "specification": "",
                             "gtin": product.get("gtin") or ""}
        if facts.product:
            break
    made_by, ilmd = _making(event_facts, answer)
    for key in same_goods:
        code = codes.get(key)
        facts.production_date = facts.production_date or _date(code and code["production_date"]) \
            or _date(ilmd.get(key, {}).get("productionDate"))
        facts.expiry_date = facts.expiry_date or _date(code and code["expiry_date"]) \
            or _date(ilmd.get(key, {}).get("itemExpirationDate"))
    if root_code is not None:
        facts.quantity = quantity_text(root_code["quantity"], root_code["uom"])
        parent_cid = graph.canonical_or_none(root_code["parent_key"] or "")
        if parent_cid is not None:
            facts.split_from, facts.split_from_path = display_of(parent_cid), page_path(parent_cid)
    root = lots.get(cid.key) or {}
    if not facts.quantity and root.get("quantity") is not None:
        facts.quantity = quantity_text(root["quantity"], root.get("unit") or "")
    if not facts.split_from and len(same_goods) > 1:
        parent_cid = graph.canonical_or_none(same_goods[1])
        if parent_cid is not None:
            facts.split_from, facts.split_from_path = display_of(parent_cid), page_path(parent_cid)

    # Who made it, where it started, who has it now.
    maker = next((made_by[key] for key in same_goods if key in made_by), None)
    facts.producer = party(parties.get(maker)) if maker else None
    if facts.producer is None and root_code is not None:
        facts.producer = _business_party(Business.objects.select_related("district").get(pk=root_code["business_id"]))
    if facts.producer is not None:
        facts.producer_role = (_("Producer") if facts.producer["kind_code"] in MAKERS
                               else _("Issued by"))
    if answer is not None:
        facts.steps = steps_of(answer, event_facts)
        facts.businesses = _businesses(facts.steps, answer)
        for step in facts.steps:
            step.party = party(step.party)
        facts.origin = facts.steps[0].party if facts.steps else None
        facts.seller = party(parties.get(root.get("holder")))
    facts.certificates = _certificates(facts.chain_keys, event_facts)
    facts.depends_on += [stamps.document(v) for f in event_facts.values() for _t, v in f.documents]
    return facts


def _date(value) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _product_id(gtin: str | None) -> int | None:
    if not gtin:
        return None
    return Product.objects.filter(gtin=gtin).values_list("pk", flat=True).first()


CODE_COLUMNS = ("key", "code", "quantity", "uom", "production_date", "expiry_date", "product_id", "product_name",
                "specification", "gtin", "category", "business_id", "parent_key")


def _codes(cid: CanonicalId, answer: dict | None) -> dict[str, dict]:
    """The issued code rows of the lot and of the lots upstream of it (dates, quantity, product, split parent),
    in one statement (the ORM's compilation cost as much as the query)."""
    keys = {cid.key} | {lot["id"] for lot in (answer or {}).get("lots") or () if lot["level"] <= 0}
    match, params = sql.any_of("t.key", sorted(keys))
    rows = sql.fetch(
        "SELECT t.key, t.code, t.quantity, t.uom, t.production_date, t.expiry_date, p.id, p.name, p.specification, "  # noqa: S608
        "p.gtin, c.name, t.business_id, pt.key FROM codes_tracecode t "
        "LEFT JOIN registry_product p ON p.id = t.product_id "
        "LEFT JOIN registry_productcategory c ON c.code = p.category_id "
        "LEFT JOIN codes_tracecode pt ON pt.id = t.parent_id WHERE " + match, params)
    return {row[0]: dict(zip(CODE_COLUMNS, row, strict=True)) for row in rows}


def _same_goods(root: str, answer: dict | None) -> list[str]:
    """The lot, then the lot it was split from, and so on (split-into edges only: a transformation makes
    other goods, whose dates and product are not this lot's)."""
    parent_of = {e["to"]: e["from"] for e in (answer or {}).get("edges") or () if e["kind"] == "split-into"}
    chain, key = [root], root
    while key in parent_of and parent_of[key] not in chain:
        key = parent_of[key]
        chain.append(key)
    return chain


def _event_facts(answer: dict) -> dict[str, EventFacts]:
    """The one extra query: every business document of the chain's events (trace_eventtransaction), and for
    the events that make goods (ADD, transformations) the stored event, for what they made and its ILMD."""
    events = answer["events"]
    if not events:
        return {}
    ids = sorted({e["eventID"] for e in events})
    times = [datetime.fromisoformat(e["time"]) for e in events]
    window = [sql.param_time(min(times)), sql.param_time(max(times))]
    match, params = sql.any_of("e.event_id", ids)
    # Built from constants and placeholders only (db/sql.py); every value is a bound parameter.
    statement = ("SELECT e.event_id, CASE WHEN e.action = 'ADD' OR e.event_type = %s THEN e.document END, t.type, "  # noqa: S608
                 "t.value FROM trace_event e LEFT JOIN trace_eventtransaction t ON t.event_id = e.id "
                 "AND t.event_time = e.event_time WHERE " + match + " AND e.event_time >= %s AND e.event_time <= %s")
    rows = sql.fetch(statement, [EventType.TRANSFORMATION.value, *params, *window])
    facts: dict[str, EventFacts] = defaultdict(EventFacts)
    documents_seen = set()
    for event_id, document, kind, value in rows:
        fact = facts[event_id]
        if value and (event_id, kind, value) not in documents_seen:
            documents_seen.add((event_id, kind, value))
            fact.documents.append((kind or "", value))
        if document and not fact.made:
            _read_document(fact, json.loads(document) if isinstance(document, str | bytes) else document)
    return dict(facts)


def _key(uri: str) -> str | None:
    try:
        return canonical_id(uri).key
    except (IdentifierError, ValueError, TypeError):
        return None


def _read_document(fact: EventFacts, event: dict) -> None:
    if event.get("type") == "TransformationEvent":
        made = [(q.get("epcClass"), q.get("quantity"), q.get("uom")) for q in event.get("outputQuantityList") or ()]
        made += [(epc, None, "") for epc in event.get("outputEPCList") or ()]
    else:
        made = [(q.get("epcClass"), q.get("quantity"), q.get("uom")) for q in event.get("quantityList") or ()]
        made += [(epc, None, "") for epc in event.get("epcList") or ()]
    for uri, quantity, uom in made:
        key = _key(uri) if isinstance(uri, str) else None
        if key:
            fact.made.append(key)
            fact.named[key] = (quantity, uom or "")
    for name, value in (event.get("ilmd") or {}).items():
        for wanted in ("productionDate", "itemExpirationDate"):
            if name.rsplit(":", 1)[-1].rsplit("#", 1)[-1] == wanted and isinstance(value, str):
                fact.ilmd[wanted] = value


def _making(event_facts: dict[str, EventFacts], answer: dict | None) -> tuple[dict[str, str], dict[str, dict]]:
    """Per lot key: the party that made it (first making event) and the ILMD dates recorded when it was made."""
    made_by, ilmd = {}, {}
    for event in (answer or {}).get("events") or ():  # oldest first
        fact = event_facts.get(event["eventID"])
        if fact is None or event.get("bizStep") == "repackaging":
            continue  # a split part was made by whoever made the lot it was split from
        for key in fact.made:
            if event.get("business"):
                made_by.setdefault(key, event["business"])
            if fact.ilmd:
                ilmd.setdefault(key, {}).update({k: v for k, v in fact.ilmd.items() if k not in ilmd.get(key, {})})
    return made_by, ilmd


def _businesses(steps: list[Step], answer: dict) -> list[dict]:
    """Every registered business on the chain, in the order it appears, once."""
    seen, found = set(), []
    raw_parties = [step.party for step in steps] + [p for p in answer.get("parties") or ()]
    for raw in raw_parties:
        shown = party(raw)
        if shown and shown["uscc"] not in seen:
            seen.add(shown["uscc"])
            found.append(shown)
    return found


def _certificates(chain_keys: list[str], event_facts: dict[str, EventFacts]) -> list[dict]:
    """Quarantine certificates and inspection reports attached to the chain's lots or to its events' documents
    (the rows of ``ledgers.attachments.attachments_for``, in raw SQL: this runs whenever a page is built)."""
    keys = [k for k in chain_keys if k]
    values = sorted({v for f in event_facts.values() for _t, v in f.documents if v})
    if not keys and not values:
        return []
    lot_match, lot_params = sql.any_of("a.lot_key", keys)
    doc_match, doc_params = sql.any_of("a.transaction_value", values)
    kind_match, kind_params = sql.any_of("a.kind", [str(kind) for kind in PUBLIC_DOCUMENTS])
    rows = sql.fetch("SELECT a.kind, a.document_number, a.uploaded_at, a.sm3, b.name FROM ledgers_attachment a "  # noqa: S608
                     "JOIN registry_business b ON b.id = a.business_id "
                     f"WHERE ({lot_match} OR {doc_match}) AND {kind_match} ORDER BY a.uploaded_at, a.id",
                     lot_params + doc_params + kind_params)
    kinds = dict(AttachmentKind.choices)
    return [{"kind": str(kinds[kind]), "number": number, "date": sql.aware(uploaded_at), "sm3": sm3,
             "business": business} for kind, number, uploaded_at, sm3, business in rows]


def _business_party(business) -> dict | None:
    if business is None:
        return None
    licence = (Licence.objects.with_effective_status().filter(business=business).order_by("-valid_until")
               .values("number", "effective_status").first())
    return party({"uscc": business.uscc, "name": business.name, "kind": business.kind,
                  "district": {"name": business.district.name},
                  "licence": {"number": licence["number"], "status": licence["effective_status"]} if licence
                  else None})


def _product_only(cid: CanonicalId) -> Facts:
    """A GTIN alone (an EAN-13 scanned off the package): the product and its brand owner, no lot, no chain."""
    facts = Facts(cid=cid, found=False, display=display_of(cid), lot_key=cid.key, gtin=cid.gtin)
    facts.depends_on = [cid.key, stamps.REGISTRY]
    product = Product.objects.select_related("business__district", "category").filter(gtin=cid.gtin).first()
    if product is None:
        return facts
    facts.found = True
    facts.product = {"id": product.pk, "name": product.name, "category": product.category.name,
                     "specification": product.specification, "gtin": product.gtin}
    facts.producer = _business_party(product.business)
    facts.producer_role = _("Producer")
    facts.depends_on.append(stamps.business(product.business.uscc))
    return facts
