"""FDA FSMA 204 electronic sortable spreadsheet (21 CFR 1.1455(c)(3)(ii)) from the traceability database.

A regulator asks for one traceability lot code (TLC) — and gets every Critical Tracking Event (CTE) of the
lot's whole chain, backward and forward — or for a date range, optionally of one product (GTIN). Each row
is one CTE for one traceability lot with the Key Data Elements of 21 CFR 1.1325–1.1350; docs/exports.md
has the mapping from EPCIS/CBV events to CTEs and the choices behind each column.

Everything is set-based: the walk of the trace graph (foodtrace.trace.graph), then one query each for the
events, their identifiers, their business transactions, their sources/destinations, the lots' TLC sources
(only for lots whose assigning event is not among the events already read), the documents of the events
whose CTE depends on their ILMD or sensor data, the locations, the businesses and the products. No query
runs per row. Events are read through ``Event.objects.restrict(principal)``: a principal never gets a row
for an event outside its scope.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone

from django.apps import apps
from django.core.exceptions import FieldError, PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone as dj_timezone
from django.utils.translation import gettext as _

from foodtrace.audit.recorder import record
from foodtrace.i18n import localized
from foodtrace.identifiers import IdentifierError, normalise_gtin
from foodtrace.identifiers.epc import CanonicalId, canonical_from_key
from foodtrace.registry.models import Business, BusinessKind, Location, Product
from foodtrace.trace.graph import TraceInputError, code_path, key_of_code, walk
from foodtrace.trace.models import Event, EventIdentifier, EventParty, EventTransaction
from foodtrace.trace.models.event import EventType

PERMISSION = "trace.export_trace"
FORMATS = ("csv", "xlsx")
MAX_RANGE_DAYS = 366
MAX_EVENTS = 50_000  # beyond this the request is too wide for one spreadsheet: narrow the range or name a GTIN
TLC_KINDS = ("lgtin", "platform_lot")  # the identifiers that are traceability lots (GS1 AI 10 lot, platform lot)

# --- Critical Tracking Events (21 CFR 1.1310 definitions, 1.1325–1.1350 records) --------------------------
HARVESTING = "Harvesting"  # 1.1325
COOLING = "Cooling"  # 1.1325(b): active temperature reduction of a raw agricultural commodity before packing
INITIAL_PACKING = "Initial Packing"  # 1.1330
FIRST_LAND_BASED_RECEIVING = "First Land-Based Receiving"  # 1.1335
SHIPPING = "Shipping"  # 1.1340
RECEIVING = "Receiving"  # 1.1345
TRANSFORMATION = "Transformation"  # 1.1350
FROM_SOURCE = (RECEIVING, FIRST_LAND_BASED_RECEIVING, INITIAL_PACKING)
CTE_TYPES = (HARVESTING, COOLING, INITIAL_PACKING, FIRST_LAND_BASED_RECEIVING, SHIPPING, RECEIVING, TRANSFORMATION)

# Column headers of the sortable spreadsheet. Source: the Key Data Elements as 21 CFR 1.1325–1.1350 name them
# (eCFR title 21 part 1 subpart S), in the order and wording of FDA's "FSMA Food Traceability Rule Electronic
# Sortable Spreadsheet" template (https://www.fda.gov/media/179617/download, June 2024), flattened from its
# one-tab-per-CTE layout into one sheet with the CTE as the first column. A location description
# (21 CFR 1.1310: business name, address, phone) is split into business name, address and identifier columns.
# "EPCIS Event ID" is the platform's own last column (where the row comes from); docs/exports.md lists all.
COLUMNS = (
    "Critical Tracking Event",
    "Traceability Lot Code",
    "Product Description",
    "Quantity",
    "Unit of Measure",
    "Event Date",
    "Event Time",
    "Location Description - Business Name",
    "Location Description - Location Name",
    "Location Description - Address",
    "Location Identifier",
    "Immediate Previous Source - Business Name",
    "Immediate Previous Source - Address",
    "Immediate Previous Source - Location Identifier",
    "Immediate Subsequent Recipient - Business Name",
    "Immediate Subsequent Recipient - Address",
    "Immediate Subsequent Recipient - Location Identifier",
    "Traceability Lot Code Source - Business Name",
    "Traceability Lot Code Source - Address",
    "Traceability Lot Code Source - Location Identifier",
    "Traceability Lot Code Source Reference",
    "Reference Document Type",
    "Reference Document Number",
    "Input Traceability Lot Codes",
    "Input Product Descriptions",
    "Input Quantities and Units of Measure",
    "EPCIS Event ID",
)

# CBV 2.0 business transaction types (bizTransactionList) -> FSMA "reference document type" (21 CFR 1.1310).
QUARANTINE_CERT = "urn:foodtrace:btt:quarantine_cert"  # 动物检疫合格证明 / 产地检疫证
INSPECTION_REPORT = "urn:foodtrace:btt:inspection_report"  # 检验报告
DOCUMENT_TYPES = {
    "inv": "Invoice",
    "po": "Purchase Order",
    "poc": "Purchase Order Confirmation",
    "desadv": "Despatch Advice",
    "bol": "Bill of Lading",
    "recadv": "Receiving Advice",
    "prodorder": "Production Order",
    "rma": "Return Merchandise Authorization",
    "pedigree": "Pedigree",
    "cert": "Certificate",
    "testprd": "Test Procedure",
    "testres": "Test Result",
    "upevt": "Upstream EPCIS Event",
    QUARANTINE_CERT: "Quarantine Certificate",
    INSPECTION_REPORT: "Inspection Report",
}

# UN/CEFACT Recommendation 20 codes (the EPCIS ``uom``) -> the unit as people write it.
UNITS = {"KGM": "kg", "GRM": "g", "TNE": "t", "LBR": "lb", "ONZ": "oz", "LTR": "L", "MLT": "mL", "MTQ": "m3",
         "H87": "piece", "EA": "each", "C62": "unit", "BX": "box", "CS": "case", "CT": "carton", "PK": "pack",
         "BG": "bag", "BO": "bottle", "PF": "pallet"}

ROLE = EventIdentifier.Role
GOODS_ROLES = (ROLE.EPC, ROLE.QUANTITY)
INPUT_ROLES = (ROLE.INPUT, ROLE.INPUT_QUANTITY)
OUTPUT_ROLES = (ROLE.OUTPUT, ROLE.OUTPUT_QUANTITY)
CANDIDATE_STEPS = ("shipping", "receiving", "commissioning", "storing", "holding")
DOCUMENT_STEPS = ("commissioning", "storing", "holding", "receiving")  # CTE depends on ILMD / sensor data
HARVEST_ILMD = ("cbvmda:harvestStartDate", "cbvmda:harvestEndDate")
VESSEL_ILMD = ("cbvmda:vesselCatchInformationList", "cbvmda:vesselCatchInformation")
PARTY_PREFERENCE = ("owning_party", "possessing_party")
# Encrypted personal data of a business's people: never needed here, so never read (nor decrypted).
PERSONAL_FIELDS = ("legal_representative", "contact_name", "contact_phone")


CONTENT_TYPES = {"csv": "text/csv; charset=utf-8",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def require(principal) -> None:
    """Exports are for regulators (city, district, inspectors): ``trace.export_trace``."""
    if not principal.has_perm(PERMISSION):
        raise PermissionDenied(_("Your role may not export traces."))


@dataclass
class ExportFile:
    content: bytes
    content_type: str
    filename: str
    export: Export


def export_file(params, principal, *, site_url: str = "") -> ExportFile:
    """Check, build and render a request (the API and the page both come here), and record it in the audit
    trail (action "export"): who took which lot's or period's records, how many rows, in which format."""
    require(principal)
    query = parse_query(params, principal)
    export = build(query, principal, site_url=site_url)
    content = to_xlsx(export) if query.fmt == "xlsx" else to_csv(export)
    subject = query.tlc_key or f"{query.date_from.isoformat()}/{query.date_to.isoformat()}"
    record(action="export", object_type="exports.fsma204", object_id=subject[:64],
           object_repr=f"FSMA 204 {query.describe()}"[:200],
           changes={"request": query.describe(), "gtin": query.gtin, "format": query.fmt, "rows": len(export.rows),
                    "lots": export.reached_lots})
    return ExportFile(content, CONTENT_TYPES[query.fmt], query.filename(dj_timezone.localdate()), export)


# --- the request ----------------------------------------------------------------------------------------

@dataclass
class Fsma204Query:
    """A checked request: either a lot (``tlc_key``) or a date range, with an optional GTIN."""

    fmt: str = "csv"
    tlc: str = ""  # as asked
    tlc_key: str = ""  # canonical key of the lot
    date_from: date | None = None
    date_to: date | None = None
    gtin: str = ""

    @property
    def by_lot(self) -> bool:
        return bool(self.tlc_key)

    def describe(self) -> str:
        if self.by_lot:
            return f"TLC {self.tlc} ({self.tlc_key})"
        text = f"{self.date_from.isoformat()} – {self.date_to.isoformat()}"
        return f"{text}, GTIN {self.gtin}" if self.gtin else text

    def filename(self, today: date) -> str:
        subject = _safe_filename(self.tlc) if self.by_lot else f"{self.date_from:%Y%m%d}-{self.date_to:%Y%m%d}"
        return f"fsma204-{subject}-{today:%Y%m%d}.{self.fmt}"


def _safe_filename(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in text)[:60] or "lot"


def _parse_date(field_name: str, raw: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise ValidationError({field_name: _("%(value)r is not a date; write it as YYYY-MM-DD, e.g. 2026-01-31.")
                               % {"value": raw}}) from None


def parse_query(params, principal) -> Fsma204Query:
    """Check the parameters (``tlc`` | ``from``+``to``, ``gtin``, ``product``, ``format``) of a request.

    Raises ``ValidationError`` with the parameter's name and a message that says what is wrong and how to
    write it (the API answers 422 with it; the page shows it under the field).
    """
    get = lambda name: (params.get(name) or "").strip()  # noqa: E731
    query = Fsma204Query(fmt=(get("format") or "csv").lower())
    if query.fmt not in FORMATS:
        raise ValidationError({"format": _("format must be csv or xlsx, not %(value)r.") % {"value": get("format")}})
    tlc, date_from, date_to = get("tlc"), get("from"), get("to")
    if tlc and (date_from or date_to):
        raise ValidationError({"tlc": _("Ask for either one traceability lot code (tlc) or a date range "
                                        "(from, to), not both.")})
    if not tlc and not (date_from or date_to):
        raise ValidationError({"tlc": _("Give a traceability lot code (tlc=…) or a date range "
                                        "(from=YYYY-MM-DD&to=YYYY-MM-DD).")})
    query.gtin = _gtin_of(get("gtin"), get("product"), principal)
    if tlc:
        query.tlc, cid = tlc, _lot_of(tlc, query.gtin)
        query.tlc_key = cid.key
        return query
    if not date_from or not date_to:
        missing = "from" if not date_from else "to"
        raise ValidationError({missing: _("A date range needs both from and to (YYYY-MM-DD).")})
    query.date_from, query.date_to = _parse_date("from", date_from), _parse_date("to", date_to)
    if query.date_to < query.date_from:
        raise ValidationError({"to": _("The range ends (%(to)s) before it starts (%(from)s).")
                               % {"to": query.date_to, "from": query.date_from}})
    if (query.date_to - query.date_from).days + 1 > MAX_RANGE_DAYS:
        raise ValidationError({"to": _("A date range may cover at most %(days)d days; ask for several ranges.")
                               % {"days": MAX_RANGE_DAYS}})
    return query


def _gtin_of(raw_gtin: str, raw_product: str, principal) -> str:
    gtin = ""
    if raw_gtin:
        try:
            gtin = normalise_gtin(raw_gtin)
        except IdentifierError as exc:
            raise ValidationError({"gtin": localized(exc)}) from exc
    if raw_product:
        if not raw_product.isdigit():
            raise ValidationError({"product": _("product is a product ID (a number), not %(value)r.")
                                   % {"value": raw_product}})
        found = Product.objects.restrict(principal).filter(pk=int(raw_product)).values_list("gtin", flat=True)
        if not found:
            raise ValidationError({"product": _("There is no product %(id)s in your area.") % {"id": raw_product}})
        if not found[0]:
            raise ValidationError({"product": _("This product has no GTIN, so its lots cannot be picked out; "
                                                "ask for its traceability lot codes instead.")})
        if gtin and gtin != found[0]:
            raise ValidationError({"gtin": _("gtin and product are different products; give one of them.")})
        gtin = found[0]
    return gtin


def _lot_of(tlc: str, gtin: str) -> CanonicalId:
    """A TLC as a canonical lot: any spelling of a lot code, or a GS1 lot number with ``gtin``."""
    if gtin and ":" not in tlc and "/" not in tlc:
        try:
            return canonical_from_key(f"lgtin:{gtin}:{tlc}")
        except (IdentifierError, ValueError) as exc:
            raise ValidationError({"tlc": localized(exc)}) from exc
    try:
        cid = key_of_code(tlc)
    except TraceInputError as exc:
        hint = "" if gtin else " " + _("A GS1 batch/lot number alone also needs the product's gtin.")
        raise ValidationError({"tlc": _("%(tlc)r is not a traceability lot code this platform can read "
                                        "(GS1 Digital Link, EPC URN or platform lot code).") % {"tlc": tlc}
                               + hint}) from exc
    if cid.kind not in TLC_KINDS:
        raise ValidationError({"tlc": _("%(tlc)r names a %(kind)s, not a traceability lot; give a lot code "
                                        "(GTIN with batch/lot, or a platform lot code).")
                               % {"tlc": tlc, "kind": cid.kind}})
    if gtin and cid.gtin and cid.gtin != gtin:
        raise ValidationError({"gtin": _("The lot code is of GTIN %(lot)s, not %(gtin)s.")
                               % {"lot": cid.gtin, "gtin": gtin}})
    return cid


# --- the rows ------------------------------------------------------------------------------------------

@dataclass
class Place:
    """A location description (21 CFR 1.1310): business name, location name, address, identifier."""

    business: str = ""
    name: str = ""
    address: str = ""
    identifier: str = ""


@dataclass
class Row:
    cte: str
    tlc: str
    product: str
    quantity: float | None
    unit: str
    when: datetime  # in the event's own time-zone offset
    location: Place
    previous_source: Place
    subsequent_recipient: Place
    tlc_source: Place
    tlc_source_reference: str
    document_types: list[str]
    document_numbers: list[str]
    inputs: list[tuple[str, str, str]]  # transformation: (TLC, product description, quantity and unit) per input
    event_id: str
    sort_key: tuple = field(default=(), repr=False)

    def values(self) -> list:
        def place(p: Place, with_name: bool) -> list[str]:
            return [p.business, p.name, p.address, p.identifier] if with_name else [p.business, p.address,
                                                                                    p.identifier]
        return [self.cte, self.tlc, self.product, self.quantity, self.unit, self.when.date(),
                self.when.isoformat(timespec="seconds")[11:],
                *place(self.location, True), *place(self.previous_source, False),
                *place(self.subsequent_recipient, False), *place(self.tlc_source, False),
                self.tlc_source_reference, "; ".join(self.document_types), "; ".join(self.document_numbers),
                *(["; ".join(part) for part in zip(*self.inputs, strict=True)] if self.inputs else ["", "", ""]),
                self.event_id]


@dataclass
class Export:
    query: Fsma204Query
    rows: list[Row]
    generated_at: datetime
    generated_by: str
    reached_lots: int = 0  # TLC requests: lots of the chain (the asked lot included)


@dataclass
class _Ev:
    pk: int
    event_id: str
    event_type: int
    time: datetime
    tz: str
    action: str
    biz_step: str
    place_key: str  # bizLocation, else readPoint
    business_id: int | None
    identifiers: list[tuple] = field(default_factory=list)  # (role, key, kind, gtin, lot, quantity, uom)
    transactions: list[tuple] = field(default_factory=list)  # (type, value)
    sources: list[tuple] = field(default_factory=list)  # (type, key)
    destinations: list[tuple] = field(default_factory=list)
    document: dict | None = None


def build(query: Fsma204Query, principal, *, site_url: str = "") -> Export:
    """The rows of the spreadsheet for ``query``, as ``principal`` may see them.

    ``site_url`` (e.g. ``https://trace.example.cn``) makes the TLC source reference an absolute link to the
    lot's page on this platform; without it the reference is the path.
    """
    reached: set[str] | None = None
    events_qs = Event.objects.restrict(principal).filter(
        Q(event_type=EventType.TRANSFORMATION) | Q(biz_step__in=CANDIDATE_STEPS))
    if query.by_lot:
        graph = walk(query.tlc_key, direction="both", principal=principal)
        reached = {key for key in graph.levels if key.startswith(("lgtin:", "plot:"))} | {query.tlc_key}
        events_qs = events_qs.filter(pk__in=EventIdentifier.objects.filter(key__in=sorted(reached))
                                     .values("event_id"))
    else:
        start, end = _day_bounds(query.date_from, query.date_to)
        events_qs = events_qs.filter(event_time__gte=start, event_time__lt=end)
        if query.gtin:
            events_qs = events_qs.filter(pk__in=EventIdentifier.objects.filter(
                gtin=query.gtin, event_time__gte=start, event_time__lt=end).values("event_id"))
    events = _load(events_qs, "tlc" if query.by_lot else "to")
    rows = _rows(events, query, reached, principal, site_url)
    return Export(query=query, rows=rows, generated_at=dj_timezone.now(),
                  generated_by=getattr(principal, "audit_name", str(principal)),
                  reached_lots=len(reached) if reached is not None else 0)


def _day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """Whole days in the platform's time zone (settings.TIME_ZONE), as aware datetimes."""
    zone = dj_timezone.get_default_timezone()
    return (datetime.combine(first, time.min, tzinfo=zone),
            datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone))


def _load(events_qs, field_name: str) -> dict[int, _Ev]:
    rows = list(events_qs.order_by("event_time", "pk").values_list(
        "pk", "event_id", "event_hash", "event_type", "event_time", "event_tz_offset", "action", "biz_step",
        "biz_location", "read_point", "business_id", "error_declared")[:MAX_EVENTS + 1])
    if len(rows) > MAX_EVENTS:
        raise ValidationError({field_name: _("More than %(n)d events match; narrow the date range or name a "
                                             "gtin.") % {"n": MAX_EVENTS}})
    # An error declaration (EPCIS 2.0 §7.4.1.4) has the hash of the event it declares wrong and the same
    # identifiers and time, so both are here: neither is a record of what happened.
    declared = {row[2] for row in rows if row[11]}
    events = {row[0]: _Ev(pk=row[0], event_id=row[1], event_type=row[3], time=row[4], tz=row[5], action=row[6],
                          biz_step=row[7], place_key=row[8] or row[9], business_id=row[10])
              for row in rows if row[2] not in declared}
    if not events:
        return events
    scope = events_qs.values("pk")  # the same scoped, filtered set as a subquery: no list of IDs is sent
    for event_pk, *identifier in EventIdentifier.objects.filter(event_id__in=scope).values_list(
            "event_id", "role", "key", "kind", "gtin", "lot_or_serial", "quantity", "uom"):
        if event_pk in events:
            events[event_pk].identifiers.append(tuple(identifier))
    for event_pk, kind, value in EventTransaction.objects.filter(event_id__in=scope).order_by("id").values_list(
            "event_id", "type", "value"):
        if event_pk in events:
            events[event_pk].transactions.append((kind, value))
    for event_pk, direction, kind, key in EventParty.objects.filter(event_id__in=scope).order_by("id").values_list(
            "event_id", "direction", "type", "key"):
        if event_pk in events:
            target = events[event_pk].sources if direction == EventParty.Direction.SOURCE else \
                events[event_pk].destinations
            target.append((kind, key))
    # The whole event as sent only where its CTE depends on it (ILMD harvest/catch data, sensor readings).
    wanted = [pk for pk, ev in events.items() if ev.event_type != EventType.TRANSFORMATION
              and ev.biz_step in DOCUMENT_STEPS]
    if wanted:
        for pk, document in Event.objects.filter(pk__in=scope, biz_step__in=DOCUMENT_STEPS).exclude(
                event_type=EventType.TRANSFORMATION).values_list("pk", "document"):
            if pk in events:
                events[pk].document = document
    return events


def _is_lot(identifier: tuple) -> bool:
    return identifier[2] in TLC_KINDS


def tlc_of(key: str) -> str:
    """The traceability lot code of a lot key: the GS1 batch/lot (AI 10), or the platform lot code."""
    prefix, _sep, rest = key.partition(":")
    if prefix == "lgtin":
        return rest.partition(":")[2]
    return rest if prefix == "plot" else key


def _rows(events: dict[int, _Ev], query: Fsma204Query, reached: set[str] | None, principal,
          site_url: str) -> list[Row]:
    if not events:
        return []
    origins = _origins(events, principal)
    businesses, locations = _registry(events, origins)
    products = _products(events)
    kind_of = {pk: b.kind for pk, b in businesses["pk"].items()}
    rows = []
    for ev in events.values():
        targets = _row_identifiers(ev, query, reached)
        if not targets:
            continue
        location = _place_of_location(ev.place_key, locations, businesses, ev.business_id)
        previous = _place_of_parties(ev.sources, locations, businesses)
        recipient = _place_of_parties(ev.destinations, locations, businesses)
        types = [DOCUMENT_TYPES.get(kind, kind or "Reference Document") for kind, _value in ev.transactions]
        numbers = [value for _kind, value in ev.transactions]
        inputs = _inputs(ev, products) if ev.event_type == EventType.TRANSFORMATION else []
        when = ev.time.astimezone(_offset(ev.tz))
        for role, key, _kind, _gtin, _lot, quantity, uom in targets:
            origin = origins.get(key)
            cte = _cte(ev, kind_of.get(ev.business_id), origin, kind_of)
            if cte is None:
                continue
            source = _place_of_location(origin[2], locations, businesses, origin[3]) if origin else Place()
            cid = _cid(key)
            reference = (site_url + code_path(cid)) if (origin and cid) else ""
            rows.append(Row(
                cte=cte, tlc=tlc_of(key), product=products.get(key, ""), quantity=quantity, unit=UNITS.get(uom, uom),
                when=when, location=location,
                # The KDEs of each CTE: who it came from (receiving, 1.1345(a)(4); first land-based receiving
                # and initial packing, the person it was received from), who it went to (shipping, 1.1340(a)(4)).
                previous_source=previous if cte in FROM_SOURCE else Place(),
                subsequent_recipient=recipient if cte == SHIPPING else Place(),
                tlc_source=source, tlc_source_reference=reference, document_types=types,
                document_numbers=numbers, inputs=inputs,
                event_id=ev.event_id, sort_key=(ev.time, ev.pk, role, key)))
    rows.sort(key=lambda r: r.sort_key)
    return rows


def _inputs(ev: _Ev, products: dict[str, str]) -> list[tuple[str, str, str]]:
    """The traceability lots a transformation used (21 CFR 1.1350(a)(1)): TLC, product, quantity and unit."""
    found: dict[str, tuple[str, str, str]] = {}
    for role, key, _kind, _gtin, _lot, quantity, uom in ev.identifiers:
        if role in INPUT_ROLES and key.startswith(("lgtin:", "plot:")) and key not in found:
            amount = f"{_number(quantity)} {UNITS.get(uom, uom)}".strip() if quantity is not None else ""
            found[key] = (tlc_of(key), products.get(key, ""), amount)
    return sorted(found.values())


def _row_identifiers(ev: _Ev, query: Fsma204Query, reached: set[str] | None) -> list[tuple]:
    """The lots this event has a row for: its goods (outputs for a transformation) that were asked about."""
    roles = OUTPUT_ROLES if ev.event_type == EventType.TRANSFORMATION else GOODS_ROLES
    lots = [i for i in ev.identifiers if i[0] in roles and _is_lot(i)]
    seen, unique = set(), []
    for identifier in lots:  # a lot listed twice (epcList and quantityList) is one row
        if identifier[1] not in seen:
            seen.add(identifier[1])
            unique.append(identifier)
    if reached is not None:
        return [i for i in unique if i[1] in reached]
    if query.gtin:
        used = any(i[0] in INPUT_ROLES and i[3] == query.gtin for i in ev.identifiers)
        return [i for i in unique if i[3] == query.gtin or used]
    return unique


def _cte(ev: _Ev, business_kind: str | None, origin: tuple | None, kind_of: dict) -> str | None:
    """The FSMA 204 CTE an EPCIS event records, or None (docs/exports.md, "CTE mapping")."""
    if ev.event_type == EventType.TRANSFORMATION:
        return TRANSFORMATION
    ilmd = (ev.document or {}).get("ilmd") or {}
    if ev.biz_step == "shipping":
        return SHIPPING
    if ev.biz_step == "receiving":
        if ev.action == "ADD" and any(k in ilmd for k in VESSEL_ILMD):
            return FIRST_LAND_BASED_RECEIVING
        return RECEIVING
    if ev.biz_step == "commissioning" and ev.action == "ADD" and ev.event_type == EventType.OBJECT:
        harvested = any(k in ilmd for k in HARVEST_ILMD)
        if business_kind == BusinessKind.FARM_BASE:
            return HARVESTING if harvested else INITIAL_PACKING
        return INITIAL_PACKING if harvested else TRANSFORMATION
    if ev.biz_step in ("storing", "holding") and _temperature_reported(ev.document or {}):
        # Cooling is before initial packing: at the farm, or of a lot a farm harvested (its TLC source).
        harvested_lot = origin is not None and kind_of.get(origin[3]) == BusinessKind.FARM_BASE
        if business_kind == BusinessKind.FARM_BASE or harvested_lot:
            return COOLING
    return None


def _temperature_reported(document: dict) -> bool:
    for element in document.get("sensorElementList") or ():
        for report in element.get("sensorReport") or ():
            kind = str(report.get("type", ""))
            if kind.endswith("Temperature"):
                return True
    return False


def _offset(text: str) -> timezone:
    try:
        sign = -1 if text.startswith("-") else 1
        hours, minutes = text.lstrip("+-").split(":")
        return timezone(sign * timedelta(hours=int(hours), minutes=int(minutes)))
    except (ValueError, AttributeError):
        return UTC


def _cid(key: str) -> CanonicalId | None:
    try:
        return canonical_from_key(key)
    except (IdentifierError, ValueError):
        return None


# --- TLC sources, registry and products -------------------------------------------------------------------

def _origin_candidates(ev: _Ev):
    """(key, role) of the lots this event assigned a code to: transformation outputs, commissioned goods."""
    if ev.event_type == EventType.TRANSFORMATION:
        roles = OUTPUT_ROLES
    elif ev.event_type == EventType.OBJECT and ev.action == "ADD":
        roles = GOODS_ROLES
    else:
        return
    for identifier in ev.identifiers:
        if identifier[0] in roles and _is_lot(identifier):
            yield identifier[1]


def _origins(events: dict[int, _Ev], principal) -> dict[str, tuple]:
    """Lot key -> (event time, event pk, place key, business id) of the event that assigned its code.

    Most are among the events already read; the rest (a date range that starts after a lot was made) come
    from one more query, through the principal's scope like everything else.
    """
    origins: dict[str, tuple] = {}
    for ev in events.values():
        for key in _origin_candidates(ev):
            candidate = (ev.time, ev.pk, ev.place_key, ev.business_id)
            if key not in origins or candidate < origins[key]:
                origins[key] = candidate
    lots = {i[1] for ev in events.values() for i in ev.identifiers if _is_lot(i)}
    missing = sorted(lots - set(origins))
    if missing:
        assigning = Q(role__in=OUTPUT_ROLES, event__event_type=EventType.TRANSFORMATION) | Q(
            role__in=GOODS_ROLES, event__event_type=EventType.OBJECT, event__action="ADD")
        scoped = Event.objects.restrict(principal).filter(
            pk__in=EventIdentifier.objects.filter(key__in=missing).values("event_id"), error_declared=False)
        for key, when, pk, biz_location, read_point, business_id in EventIdentifier.objects.filter(
                assigning, key__in=missing, event_id__in=scoped.values("pk")).values_list(
                "key", "event__event_time", "event_id", "event__biz_location", "event__read_point",
                "event__business_id"):
            candidate = (when, pk, biz_location or read_point, business_id)
            if key not in origins or candidate < origins[key]:
                origins[key] = candidate
    return origins


def _location_lookup(key: str) -> tuple[str, str] | None:
    if key.startswith("loc:"):
        return "code", key[4:]
    if key.startswith("sgln:"):
        return "gln", key.split(":")[1]
    return None


def _registry(events: dict[int, _Ev], origins: dict[str, tuple]) -> tuple[dict, dict]:
    """The businesses and locations every row names: one query for locations, one for businesses."""
    place_keys = {ev.place_key for ev in events.values()} | {o[2] for o in origins.values()}
    party_keys = {key for ev in events.values() for _t, key in (*ev.sources, *ev.destinations)}
    codes, glns, usccs = set(), set(), set()
    for key in place_keys | party_keys:
        found = _location_lookup(key or "")
        if found:
            (codes if found[0] == "code" else glns).add(found[1])
        elif key.startswith("uscc:"):
            usccs.add(key[5:])
    locations: dict[str, Location] = {}
    if codes or glns:
        for loc in Location.objects.filter(Q(code__in=codes) | Q(gln__in=glns)).select_related(
                "business").defer(*(f"business__{name}" for name in PERSONAL_FIELDS)):
            locations[f"loc:{loc.code}"] = loc
            if loc.gln:
                locations[f"sgln:{loc.gln}"] = loc
    ids = {ev.business_id for ev in events.values()} | {o[3] for o in origins.values()}
    ids = {pk for pk in ids if pk is not None} - {loc.business_id for loc in locations.values()}
    by_pk: dict[int, Business] = {loc.business_id: loc.business for loc in locations.values()}
    by_uscc: dict[str, Business] = {b.uscc: b for b in by_pk.values()}
    usccs -= set(by_uscc)
    if ids or usccs:
        for business in Business.objects.filter(Q(pk__in=ids) | Q(uscc__in=usccs)).defer(*PERSONAL_FIELDS):
            by_pk[business.pk] = business
            by_uscc[business.uscc] = business
    return {"pk": by_pk, "uscc": by_uscc}, locations


def _location_identifier(location: Location) -> str:
    return f"{location.code} / GLN {location.gln}" if location.gln else location.code


def _place_of_location(key: str, locations: dict, businesses: dict, business_id: int | None) -> Place:
    location = locations.get(_normal_location_key(key))
    if location is not None:
        business = location.business
        return Place(business.name, location.name, location.address or business.address,
                     _location_identifier(location))
    business = businesses["pk"].get(business_id)
    if business is not None:
        return Place(business.name, "", business.address, key.partition(":")[2] if key else f"USCC {business.uscc}")
    return Place("", "", "", key)


def _normal_location_key(key: str) -> str:
    if key.startswith("sgln:"):
        return "sgln:" + key.split(":")[1]  # the location, whatever its extension
    return key


def _place_of_parties(parties: list[tuple], locations: dict, businesses: dict) -> Place:
    """The location description of a source or destination: the party's business, at its named location."""
    if not parties:
        return Place()
    location = next((locations[_normal_location_key(k)] for _t, k in parties
                     if _normal_location_key(k) in locations), None)
    party = next((k for kind in PARTY_PREFERENCE for t, k in parties if t == kind and k.startswith("uscc:")), None)
    business = businesses["uscc"].get(party[5:]) if party else None
    if business is None and location is not None:
        business = location.business
    if location is not None and (business is None or location.business_id == business.pk):
        return Place(location.business.name, location.name, location.address or location.business.address,
                     _location_identifier(location))
    if business is not None:
        return Place(business.name, "", business.address, f"USCC {business.uscc}")
    return Place("", "", "", "; ".join(k for _t, k in parties))


def _products(events: dict[int, _Ev]) -> dict[str, str]:
    """Product description of each lot: the registered product of its GTIN (name, specification, GTIN); for
    platform lots the product their trace code was issued for, else that of the lot they were split from."""
    lots = {i[1]: i[3] for ev in events.values() for i in ev.identifiers if _is_lot(i)}
    described: dict[str, str] = {}
    gtins = {gtin for gtin in lots.values() if gtin}
    by_gtin = {gtin: _describe(name, spec, gtin) for gtin, name, spec in Product.objects.filter(
        gtin__in=gtins).values_list("gtin", "name", "specification")} if gtins else {}
    for key, gtin in lots.items():
        if gtin in by_gtin:
            described[key] = by_gtin[gtin]
    platform = sorted(k for k in lots if k.startswith("plot:"))
    if platform:
        described.update(_platform_lot_products(platform))
    # A split (repackaging) keeps the goods: children without a product of their own take the parent's.
    for ev in sorted(events.values(), key=lambda e: e.time):
        if ev.event_type != EventType.TRANSFORMATION or ev.biz_step != "repackaging":
            continue
        parents = {described.get(i[1]) for i in ev.identifiers if i[0] in INPUT_ROLES}
        if len(parents) == 1 and None not in parents:
            parent = parents.pop()
            for i in ev.identifiers:
                if i[0] in OUTPUT_ROLES and i[1] not in described:
                    described[i[1]] = parent
    return described


def _describe(name: str, specification: str, gtin: str | None) -> str:
    text = f"{name} {specification or ''}".strip()
    return f"{text} (GTIN {gtin})" if gtin else text


def _platform_lot_products(keys: list[str]) -> dict[str, str]:
    """Products of platform lots from the trace codes (foodtrace.codes), when that app has its model."""
    try:
        trace_code = apps.get_model("codes", "TraceCode")
    except LookupError:
        return {}
    try:
        rows = list(trace_code.objects.filter(key__in=keys, product__isnull=False).values_list(
            "key", "product__name", "product__specification", "product__gtin"))
    except FieldError:  # a TraceCode of another shape: no products from it
        return {}
    return {key: _describe(name, spec, gtin) for key, name, spec, gtin in rows}


# --- files ---------------------------------------------------------------------------------------------

def to_csv(export: Export) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads Chinese names correctly), CRLF line ends (RFC 4180)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in export.rows:
        values = row.values()
        values[5] = values[5].isoformat()
        values[3] = "" if values[3] is None else _number(values[3])
        writer.writerow(values)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def to_xlsx(export: Export) -> bytes:
    """One sheet of rows (header frozen, autofilter on, dates as dates) and a sheet describing the request."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("FSMA 204")
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(COLUMNS))
    sheet.auto_filter.ref = f"A1:{last}{max(1, len(export.rows) + 1)}"
    widths = {1: 24, 2: 22, 3: 36, 4: 10, 5: 10, 6: 12, 7: 14}
    for index in range(1, len(COLUMNS) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = widths.get(index, 28)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBE4")
    header = []
    for title in COLUMNS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font, cell.fill, cell.alignment = bold, fill, Alignment(wrap_text=True, vertical="top")
        header.append(cell)
    sheet.append(header)
    for row in export.rows:
        values = row.values()
        date_cell = WriteOnlyCell(sheet, value=values[5])
        date_cell.number_format = "yyyy-mm-dd"
        values[5] = date_cell
        sheet.append(values)
    about = workbook.create_sheet("About")
    for line in _about(export):
        about.append(line)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _about(export: Export) -> list[list[str]]:
    """What FDA needs to read the sheet (21 CFR 1.1455(c)(3)(ii): "any other information needed")."""
    query = export.query
    lines = [["FSMA 204 electronic sortable spreadsheet (21 CFR 1.1455(c)(3)(ii))", ""],
             ["Request", query.describe()],
             ["Generated at", export.generated_at.astimezone(dj_timezone.get_default_timezone()).isoformat(
                 timespec="seconds")],
             ["Generated by", export.generated_by],
             ["Rows", str(len(export.rows))]]
    if query.by_lot:
        lines.append(["Lots in the chain", str(export.reached_lots)])
    lines += [["", ""],
              ["One row", "one Critical Tracking Event of one traceability lot; a transformation has one row per "
                          "output lot and lists the lots it used in the three \"Input …\" columns, in the same "
                          "order"],
              ["Traceability Lot Code", "the GS1 batch/lot (AI 10) of a GTIN lot, or the platform lot code"],
              ["Event Date / Time", "local date and time of the event, with its UTC offset"],
              ["Location Identifier", "platform location code (L + division code + hex), and GLN where known; "
                                      "USCC = unified social credit code of a business without a named location"],
              ["Traceability Lot Code Source Reference", "link to the lot on this platform"],
              ["Reference Document Number", "the business transaction identifier as recorded (EPCIS "
                                            "bizTransaction), in the order of \"Reference Document Type\""]]
    return lines
