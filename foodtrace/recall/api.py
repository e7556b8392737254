"""Recall API (/api/v1/recalls): regulators start and close recalls and follow progress; businesses answer."""

from datetime import datetime

from django.http import Http404
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from foodtrace.apikit.pagination import Pages
from foodtrace.apikit.params import Id
from foodtrace.recall import selectors, services
from foodtrace.recall.models import Recall, RecallParty

router = Router(tags=["recalls"])


class RecallIn(Schema):
    lots: list[str]  # trace codes, GS1 Digital Link URIs or paths, EPC URNs
    level: int  # 1, 2 or 3
    reason: str


class RecallOut(Schema):
    id: int
    number: str
    level: int
    reason: str
    status: str
    district_id: str  # the responsible region: the starting district, or the city
    started_by_name: str
    created_at: datetime
    start_deadline: datetime
    finish_deadline: datetime
    closed_at: datetime | None


class LotOut(Schema):
    key: str
    code: str
    quantity: float | None = None
    uom: str = ""


class PartyOut(Schema):
    id: int
    business_id: int
    business_name: str
    uscc: str
    district: str
    affected_lots: list[LotOut]
    quantity_affected: float | None
    uom: str
    notified_at: datetime | None
    acknowledged_at: datetime | None
    started_at: datetime | None
    quantity_recovered: float | None
    quantity_destroyed: float | None
    completed_at: datetime | None
    notes: str
    start_overdue: bool
    finish_overdue: bool


class RecallDetailOut(RecallOut):
    lots: list[LotOut]
    lots_reached: int
    unresolved_parties: list[str]
    close_note: str
    parties: list[PartyOut]
    summary: dict


class CloseIn(Schema):
    note: str = ""


class ReportIn(Schema):
    quantity_recovered: float | None = None
    quantity_destroyed: float | None = None
    notes: str | None = None


class NotesIn(Schema):
    notes: str | None = None


def _party_out(row: selectors.Progress) -> dict:
    party = row.party
    return {
        "id": party.pk, "business_id": party.business_id, "business_name": party.business.name,
        "uscc": party.business.uscc, "district": party.business.district_id, "affected_lots": party.affected_lots,
        "quantity_affected": party.quantity_affected, "uom": party.uom, "notified_at": party.notified_at,
        "acknowledged_at": party.acknowledged_at, "started_at": party.started_at,
        "quantity_recovered": party.quantity_recovered, "quantity_destroyed": party.quantity_destroyed,
        "completed_at": party.completed_at, "notes": party.notes, "start_overdue": row.start_overdue,
        "finish_overdue": row.finish_overdue,
    }


def _detail(principal, recall: Recall) -> dict:
    rows = selectors.progress_table(recall, selectors.parties(principal, recall), now=timezone.now())
    return {
        **{field: getattr(recall, field) for field in ("id", "number", "level", "reason", "status", "created_at",
                                                       "start_deadline", "finish_deadline", "closed_at",
                                                       "lots_reached", "close_note")},
        "district_id": recall.district_id, "started_by_name": recall.started_by_name,
        "lots": [{"key": lot.key, "code": lot.code} for lot in recall.lots.all()],
        # Unregistered receivers are the steering region's business, not a reached district's or a business's.
        "unresolved_parties": recall.unresolved_parties if selectors.sees_all_parties(principal, recall) else [],
        "parties": [_party_out(row) for row in rows],
        "summary": selectors.summary(rows),
    }


def _get(request, recall_id: Id) -> Recall:
    try:
        return selectors.get_recall(request.auth, recall_id)
    except Recall.DoesNotExist as exc:
        raise Http404 from exc


@router.get("", response=list[RecallOut])
@paginate(Pages, page_size=50)
def list_recalls(request, status: str = ""):
    """Recalls you see: your district's and those reaching it (regulators), the city's, or those reaching
    your business."""
    return selectors.recalls(request.auth, status=status)


@router.post("", response={201: RecallDetailOut})
def start(request, payload: RecallIn):
    """Start a recall (city administrator, or a district regulator for lots that started in its district)."""
    recall = services.recall_start(lots=payload.lots, level=payload.level, reason=payload.reason,
                                   actor=request.auth)
    return Status(201, _detail(request.auth, recall))


@router.get("/{recall_id}", response=RecallDetailOut)
def detail(request, recall_id: Id):
    return _detail(request.auth, _get(request, recall_id))


@router.post("/{recall_id}/close", response=RecallDetailOut)
def close(request, recall_id: Id, payload: CloseIn):
    recall = _get(request, recall_id)
    recall = services.recall_close(actor=request.auth, recall_id=recall.pk, note=payload.note)
    return _detail(request.auth, recall)


def _answer(request, recall_id: Id, action, **kwargs) -> dict:
    recall = _get(request, recall_id)
    try:
        party = action(actor=request.auth, recall_id=recall.pk, **kwargs)
    except RecallParty.DoesNotExist as exc:
        raise Http404 from exc
    return _party_out(selectors.progress(party.recall, party))


@router.post("/{recall_id}/acknowledge", response=PartyOut)
def acknowledge(request, recall_id: Id):
    """Your business has received the recall notice."""
    return _answer(request, recall_id, services.recall_party_acknowledge)


@router.post("/{recall_id}/start", response=PartyOut)
def report_start(request, recall_id: Id):
    """Your business has started recalling (stopped selling, called back its goods)."""
    return _answer(request, recall_id, services.recall_party_start)


@router.post("/{recall_id}/report", response=PartyOut)
def report(request, recall_id: Id, payload: ReportIn):
    """Totals so far (not increments) of what your business recovered and destroyed, and notes."""
    return _answer(request, recall_id, services.recall_party_report, recovered=payload.quantity_recovered,
                   destroyed=payload.quantity_destroyed, notes=payload.notes)


@router.post("/{recall_id}/complete", response=PartyOut)
def complete(request, recall_id: Id, payload: NotesIn):
    """Your business has finished its part."""
    return _answer(request, recall_id, services.recall_party_complete, notes=payload.notes)
