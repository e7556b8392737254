"""The EPCIS 2.0 REST binding at /epcis/ (shaped by GS1's openapi.yaml): capture, capture jobs, events.

Errors are RFC 7807 problem details whose ``type`` is the standard's
exception (``epcisException:ValidationException`` …) and whose ``detail``
names the field and the problem.
"""

import json
import uuid

from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as RequestValidationError

from foodtrace.accounts.auth import ApiKeyAuth, ClientRateThrottle, PolicySessionAuth
from foodtrace.accounts.principals import acting_client
from foodtrace.apikit import inputs
from foodtrace.apikit.errors import DeclaredErrorsAPI, install_body_guards
from foodtrace.apikit.inputs import guard_root
from foodtrace.epcis import jsonld
from foodtrace.epcis import xml as epcis_xml
from foodtrace.epcis.errors import EPCISError, ValidationErrors
from foodtrace.epcis.model import EVENT_TYPES
from foodtrace.trace import epcis_openapi, masterdata, queries
from foodtrace.trace.capture import CaptureRefused, error_dict, events_capture
from foodtrace.trace.models import CaptureJob, Event, EventHash, MasterDataElement

VERSION_HEADERS = {"GS1-EPCIS-Version": "2.0.0", "GS1-CBV-Version": "2.0.0"}



class EPCISAPI(DeclaredErrorsAPI):
    """Declares its errors as problem details and its capture bodies (foodtrace/trace/epcis_openapi.py)."""

    error_name = "EPCISProblem"
    error_content_type = "application/problem+json"

    def error_components(self) -> dict:
        return dict(epcis_openapi.COMPONENTS)


epcis = EPCISAPI(
    title="FoodTrace EPCIS 2.0 interface",
    version="2.0.0",
    urls_namespace="epcis",
    description="GS1 EPCIS 2.0 capture and query (REST binding). Authenticate with an API client key.",
    auth=[ApiKeyAuth(), PolicySessionAuth()],
    throttle=[ClientRateThrottle()],
    docs_url="/docs",
)


def versioned(response: HttpResponse) -> HttpResponse:
    """The standard's version headers, on every answer of this interface."""
    for name, value in VERSION_HEADERS.items():
        response[name] = value
    return response


def problem(status: int, exception: str, detail: str, **extra) -> JsonResponse:
    body = {"type": f"epcisException:{exception}", "title": exception, "status": status, "detail": detail, **extra}
    response = JsonResponse(body, status=status, content_type="application/problem+json",
                            json_dumps_params={"ensure_ascii": False})
    return versioned(response)


# Status → the standard's exception (EPCIS 2.0 §12.4) for errors the shared guards answer.
_EXCEPTION_OF_STATUS = {400: "ValidationException", 413: "CaptureLimitExceededException",
                        422: "QueryParameterException", 429: "ImplementationException"}


def _guard_problem(request, status: int, detail) -> JsonResponse:
    if status == 413:
        detail = f"{detail}; split it into several capture calls"
    return problem(status, _EXCEPTION_OF_STATUS.get(status, "ImplementationException"), str(detail))


install_body_guards(epcis, _guard_problem)
guard_root("/epcis/", lambda request, fields: problem(
    400, "ValidationException", f"{inputs.MESSAGE}: {', '.join(fields)}"))


@epcis.exception_handler(RequestValidationError)
def invalid_parameter(request, exc: RequestValidationError):
    return problem(400, "QueryParameterException", "; ".join(
        f"{'.'.join(str(p) for p in e.get('loc', ())[1:])}: {e.get('msg', 'invalid')}" for e in exc.errors))


@epcis.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return problem(401, "SecurityException", "an API client key (X-API-Key or Authorization: Bearer) is required")


@epcis.exception_handler(EPCISError)
def epcis_error(request, exc: EPCISError):
    status = {"QueryTooLargeException": 413, "CaptureLimitExceededException": 413,
              "NoSuchResourceException": 404, "SecurityException": 403}.get(exc.type, 400)
    extra = {}
    if isinstance(exc, ValidationErrors):
        extra["errors"] = [error_dict(e) for e in exc.errors]
    response = problem(status, exc.type, exc.detail, **extra)
    job = getattr(exc, "job", None)
    if job is not None:
        response["Location"] = f"/epcis/capture/{job.id}"
    return response


def _wants_xml(request) -> bool:
    accept = request.headers.get("Accept", "")
    return "xml" in accept and "json" not in accept


def _stored_event(row: Event) -> dict:
    """The event as sent, plus what the repository adds: recordTime, and eventID when none was sent."""
    event = dict(row.document)
    event.setdefault("eventID", row.event_id)
    event["recordTime"] = row.record_time.isoformat().replace("+00:00", "Z")
    return event


def _events_response(request, rows: list[Event], next_token: str | None, query_name="SimpleEventQuery"):
    namespaces = {}
    for row in rows:
        namespaces.update(row.namespaces)
    events = [_stored_event(row) for row in rows]
    if _wants_xml(request):
        body = epcis_xml.serialise_document(events, namespaces, document_type="EPCISQueryDocument",
                                            query_name=query_name)
        response = HttpResponse(body, content_type="application/xml; charset=utf-8")
    else:
        document = jsonld.serialise_query_document(events, namespaces, query_name)
        response = HttpResponse(json.dumps(document, ensure_ascii=False),
                                content_type="application/ld+json; charset=utf-8")
    if next_token:
        params = request.GET.copy()
        params["nextPageToken"] = next_token
        response["Link"] = f'<{request.path}?{params.urlencode()}>; rel="next"'
    return versioned(response)


def _capture(request, *, single_event: bool):
    # A body over DATA_UPLOAD_MAX_MEMORY_SIZE raises RequestDataTooBig here: 413 through the shared body guards.
    content = request.body
    try:
        result = events_capture(actor=request.auth, content=content,
                                content_type=request.headers.get("Content-Type", ""), single_event=single_event)
    except CaptureRefused as exc:
        return problem(403, "SecurityException", str(exc))
    job = result.job
    if single_event and job.status == CaptureJob.Status.SUCCESS:
        response = HttpResponse(status=201)
        event = result.first_event_id
        response["Location"] = f"/epcis/events/{event}" if event else f"/epcis/capture/{job.id}"
    elif single_event:
        return problem(400, "ValidationException", job.errors[0]["detail"] if job.errors else "rejected",
                       errors=job.errors)
    else:
        response = HttpResponse(status=202)
        response["Location"] = f"/epcis/capture/{job.id}"
    response["X-FoodTrace-Stored"] = str(result.stored)
    response["X-FoodTrace-Duplicates"] = str(result.duplicates)  # already stored: nothing new was written
    return versioned(response)


@epcis.post("/capture", summary="Capture an EPCIS document (JSON-LD or XML)",
            openapi_extra=epcis_openapi.CAPTURE_DOCUMENT)
def capture_document(request):
    behaviour = request.headers.get("GS1-Capture-Error-Behaviour", "rollback")
    if behaviour != "rollback":
        return problem(400, "ValidationException",
                       f"GS1-Capture-Error-Behaviour {behaviour!r} is not supported: this server stores a document "
                       "whole or not at all (rollback)")
    return _capture(request, single_event=False)


@epcis.get("/capture/{capture_id}", summary="A capture job")
def capture_job(request, capture_id: str):
    try:
        uuid.UUID(capture_id)
    except ValueError:
        return problem(404, "NoSuchResourceException", "no such capture job")
    job = get_object_or_404(CaptureJob.objects.restrict(request.auth).filter(
        **({"api_client": request.auth} if acting_client(request.auth) is not None else {})),
        pk=capture_id)
    return JsonResponse({
        "captureID": str(job.id), "createdAt": job.created_at.isoformat(),
        "finishedAt": job.finished_at.isoformat() if job.finished_at else None,
        "running": job.status == CaptureJob.Status.RUNNING, "success": job.status == CaptureJob.Status.SUCCESS,
        "captureErrorBehaviour": "rollback", "errors": job.errors,
        "eventCount": job.event_count, "newEventCount": job.new_event_count,
    }, json_dumps_params={"ensure_ascii": False})


@epcis.post("/events", summary="Capture one event", openapi_extra=epcis_openapi.CAPTURE_EVENT)
def capture_event(request):
    return _capture(request, single_event=True)


@epcis.get("/events", summary="Query events with the standard query parameters",
           openapi_extra=epcis_openapi.QUERY_ANSWER)
def query_events(request):
    params = {k: "|".join(request.GET.getlist(k)) for k in request.GET}
    queryset = queries.apply_parameters(Event.objects.restrict(request.auth), params)
    rows, token = queries.page(queryset, params)
    return _events_response(request, rows, token)


@epcis.get("/events/{path:event_id}", summary="One event by its eventID (URL-encode it: hash IDs hold / and ?)")
def get_event(request, event_id: str):
    scoped = Event.objects.restrict(request.auth).order_by("record_time", "pk")
    # An error declaration without its own eventID shares the hash ID of the event it corrects
    # (EPCIS 2.0 §7.4.1.4): both records are returned.
    rows = list(scoped.filter(event_id=event_id))
    if not rows:
        # Asked by hash for an event that was sent with its own eventID: the (unpartitioned, keyed)
        # hash table finds it without scanning events.
        hashed = EventHash.objects.filter(event_hash__in=[event_id, event_id + "#errorDeclaration"])
        rows = list(scoped.filter(pk__in=hashed.values("event")))
    if not rows:
        # The ID is not echoed back: an answer must not look like it holds another area's data.
        return problem(404, "NoSuchResourceException", "no event with this eventID in your scope")
    return _events_response(request, rows, None)


@epcis.get("/masterData", summary="Master data captured in documents' headers (a FoodTrace extension: the "
           "REST binding has no master-data query; parameters as EPCIS's SimpleMasterDataQuery)")
def query_master_data(request):
    params = {k: "|".join(request.GET.getlist(k)) for k in request.GET}
    vocabularies = masterdata.query(MasterDataElement.objects.restrict(request.auth), params)
    response = JsonResponse({"type": "EPCISMasterData", "vocabularyList": vocabularies},
                            json_dumps_params={"ensure_ascii": False})
    return versioned(response)


@epcis.get("/eventTypes", summary="The event types of EPCIS 2.0")
def event_types(request):
    return JsonResponse({"@set": list(EVENT_TYPES)})
