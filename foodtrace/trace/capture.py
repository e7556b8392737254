"""Capture (EPCIS 2.0 capture interface): a whole document is stored, or nothing is.

Parse and validate (epcis), project (projection.py), resolve whose event each
one is and check the capturing principal may write it, drop events already
stored (same CBV 2.0 hash), then insert everything set-based in one
transaction together with the capture job row (which keeps the document's
header as sent), its master data (masterdata.py) and one audit entry. The
response is sent only after that transaction commits, so an acknowledged
document is durable and whole.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from foodtrace.accounts.principals import acting_client
from foodtrace.audit.context import attributed_to
from foodtrace.audit.recorder import record_bulk
from foodtrace.db import sql
from foodtrace.epcis import jsonld, rules
from foodtrace.epcis import xml as epcis_xml
from foodtrace.epcis.errors import EPCISError, ValidationErrors
from foodtrace.epcis.model import EPCISDocument
from foodtrace.regions.scoping import ScopeLevel, scope_of
from foodtrace.stamps.store import touch_after_commit
from foodtrace.trace import masterdata, storage
from foodtrace.trace.models import CaptureJob, Event
from foodtrace.trace.owners import resolve_owners
from foodtrace.trace.projection import ProjectedEvent, dedupe_key, project

CAPTURE_PERMISSION = "trace.add_event"
REGULATOR_ROLES = ("city_admin", "district_regulator")
MAX_EVENTS_PER_DOCUMENT = 100_000


@dataclass
class CaptureResult:
    job: CaptureJob
    stored: int
    duplicates: int
    first_event_id: str | None = None  # eventID of the first event stored (the Location of POST /events)


class CaptureRefused(Exception):
    """The principal may not capture at all (HTTP 403)."""


def parse(content: bytes, content_type: str, *, single_event: bool = False) -> EPCISDocument:
    if "xml" in (content_type or ""):
        if single_event:
            raise EPCISError(type="ValidationException", detail="POST /events takes one event in JSON-LD")
        return epcis_xml.parse_document(content)
    return jsonld.parse_event(content) if single_event else jsonld.parse_document(content)


def _fail(principal, fmt: str, errors: list[dict]) -> CaptureJob:
    job = CaptureJob(status=CaptureJob.Status.FAILURE, document_format=fmt, errors=errors,
                     finished_at=timezone.now(), **_who(principal))
    job.save()
    return job


def _who(principal) -> dict:
    who = {"api_client": principal} if acting_client(principal) is not None else {"user": principal}
    who["business_id"] = getattr(principal, "business_id", None)
    who["district_id"] = principal.region_id
    return who


def error_dict(error: EPCISError) -> dict:
    return {"type": error.type, "detail": error.detail, "pointer": error.pointer, "eventIndex": error.event_index}


def events_capture(*, actor, content: bytes, content_type: str, single_event: bool = False) -> CaptureResult:
    """Raises ValidationErrors / EPCISError for a document that cannot be read (nothing stored, failed job
    recorded on ``error.job``); returns a job with status failure when events fail the scope rules."""
    if not actor.has_perm(CAPTURE_PERMISSION):
        raise CaptureRefused(_("Your role may not capture events."))
    fmt = "xml" if "xml" in (content_type or "") else "json"
    try:
        document = parse(content, content_type, single_event=single_event)
        if len(document.events) > MAX_EVENTS_PER_DOCUMENT:
            raise EPCISError(type="CaptureLimitExceededException",
                             detail=f"a document may hold at most {MAX_EVENTS_PER_DOCUMENT} events; "
                                    f"this one has {len(document.events)}: split it")
        # The JSON binding is stricter (bare CBV words); XML brings URNs.
        rules.validate_document(document, json_binding=(fmt == "json"))
        projected = [project(i, event, document.namespaces) for i, event in enumerate(document.events)]
        header = None if single_event else masterdata.document_header(document)
        master_data = masterdata.elements(document)
    except ValidationErrors as exc:
        exc.job = _fail(actor, fmt, [error_dict(e) for e in exc.errors])
        raise
    except EPCISError as exc:
        exc.job = _fail(actor, fmt, [error_dict(exc)])
        raise
    except ValueError as exc:  # an identifier that cannot be read (IdentifierError) or a bad time
        error = EPCISError(type="ValidationException", detail=str(exc))
        error.job = _fail(actor, fmt, [error_dict(error)])
        raise error from exc
    return _store(actor, fmt, projected, header, master_data)


def _scope_errors(principal, projected: list[ProjectedEvent], owners: dict) -> list[dict]:
    """Events a principal may not write: a business writes its own; a department its businesses."""
    # Only regulators may record events that no registered business owns (e.g. from another city's chain).
    may_write_unowned = principal.role in REGULATOR_ROLES and scope_of(principal).level in (
        ScopeLevel.CITY, ScopeLevel.DISTRICT)
    errors = []
    for event in projected:
        owner = owners.get(event.index)
        if owner is None and not may_write_unowned:
            errors.append({"type": "ValidationException", "eventIndex": event.index, "pointer":
                           f"epcisBody.eventList[{event.index}].bizLocation",
                           "detail": "neither bizLocation, readPoint, the source/destination parties nor the "
                                     "products of this event are registered to a business you may capture for; "
                                     "register the location (platform location code or GLN) first"})
        elif owner is not None and not owner.allowed:
            errors.append({"type": "ValidationException", "eventIndex": event.index,
                           "pointer": f"epcisBody.eventList[{event.index}]",
                           "detail": f"this event belongs to {owner.name} ({owner.uscc}), which is outside "
                                     "what you may capture for"})
    return errors


def stored_hashes(keys: list[str]) -> set[str]:
    """Which of these dedupe keys are stored already (raw SQL: a 1000-value IN list through the ORM cost more
    to build than to run). Not prepared: the table grows under the connection (sql.fetch)."""
    match, params = sql.any_of("event_hash", keys)
    statement = f"SELECT event_hash FROM trace_eventhash WHERE {match}"  # noqa: S608 (placeholders only)
    return {row[0] for row in sql.fetch(statement, params, prepare=False)}


def _store(principal, fmt: str, projected: list[ProjectedEvent], header: dict | None,
           master_data: list[masterdata.Element]) -> CaptureResult:
    owners = resolve_owners(principal, projected)
    errors = _scope_errors(principal, projected, owners)
    if errors:
        return CaptureResult(_fail(principal, fmt, errors), 0, 0)
    with transaction.atomic():
        # Same hash twice in one document, or already stored: keep one copy, say so in the job.
        seen, fresh = set(), []
        existing = stored_hashes([dedupe_key(p) for p in projected])
        for p in projected:
            key = dedupe_key(p)
            if key in existing or key in seen:
                continue
            seen.add(key)
            fresh.append(p)
        job = CaptureJob.objects.create(status=CaptureJob.Status.SUCCESS, document_format=fmt,
                                        event_count=len(projected), new_event_count=len(fresh),
                                        finished_at=timezone.now(), document_header=header, **_who(principal))
        storage.insert_events(job, fresh, owners, default_district=principal.region_id)
        masterdata.store(job, master_data)
        touch_after_commit(fresh)  # the public pages of these lots are rebuilt once this commits
        with attributed_to(principal):
            record_bulk(action="capture", model=Event, count=len(fresh),
                        detail={"capture_job": str(job.id), "received": len(projected),
                                "duplicates": len(projected) - len(fresh), "master_data": len(master_data)})
    return CaptureResult(job, len(fresh), len(projected) - len(fresh), fresh[0].event_id if fresh else None)

