"""From the trace database to rows: the events of a lot's chain or of a date range (set-based: one query per
kind of data), and each event's Critical Tracking Event and Key Data Elements."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone as dj_timezone
from django.utils.translation import gettext as _

from foodtrace.accounts.principals import actor_name
from foodtrace.identifiers import IdentifierError
from foodtrace.identifiers.epc import CanonicalId, canonical_from_key
from foodtrace.registry.models import BusinessKind
from foodtrace.trace.graph import code_path, walk
from foodtrace.trace.models import Event, EventIdentifier, EventParty, EventTransaction
from foodtrace.trace.models.event import EventType

from .kdes import (
    CANDIDATE_STEPS,
    COOLING,
    DOCUMENT_STEPS,
    DOCUMENT_TYPES,
    FIRST_LAND_BASED_RECEIVING,
    FROM_SOURCE,
    GOODS_ROLES,
    HARVEST_ILMD,
    HARVESTING,
    INITIAL_PACKING,
    INPUT_ROLES,
    MAX_EVENTS,
    OUTPUT_ROLES,
    RECEIVING,
    SHIPPING,
    TRANSFORMATION,
    UNITS,
    VESSEL_ILMD,
)
from .places import _origins, _place_of_location, _place_of_parties, _products, _registry
from .query import Fsma204Query
from .records import Export, Place, Row, _Ev, _is_lot, _number


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
                  generated_by=actor_name(principal),
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
