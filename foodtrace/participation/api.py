"""Participation API (/api/v1/participation): regulators list, read and handle problem reports and moderate
rating comments. The public forms are pages only (they need the check question); see docs/participation.md."""

from datetime import datetime

from django.http import Http404
from django.urls import reverse
from ninja import Router, Schema
from ninja.pagination import paginate

from foodtrace.apikit.pagination import Pages
from foodtrace.apikit.params import Id
from foodtrace.participation import selectors, services
from foodtrace.participation.models import Rating, Report

router = Router(tags=["participation"])


class ReportOut(Schema):
    id: int
    tracking: str
    category: str
    status: str
    description: str
    code: str
    lot_key: str
    product_id: int | None
    product_name: str
    seller_name: str
    seller_district_id: str | None
    business_id: int | None
    district_id: str  # the handling region
    routing: str
    assignee_id: int | None
    created_at: datetime
    closed_at: datetime | None


class StepOut(Schema):
    kind: str
    at: datetime
    actor_name: str
    assignee_id: int | None
    text: str


class PhotoOut(Schema):
    id: int
    content_type: str
    size: int
    sm3: str
    url: str  # the regulators' download (session log-in)


class ContactOut(Schema):
    name: str
    phone: str
    masked: bool  # in full only for the assigned handler


class ReportDetailOut(ReportOut):
    contact: ContactOut
    steps: list[StepOut]
    photos: list[PhotoOut]


class AssignIn(Schema):
    user_id: Id


class ReplyIn(Schema):
    text: str


class CloseIn(Schema):
    note: str = ""


class RatingOut(Schema):
    id: int
    lot_key: str
    product_id: int | None
    seller_id: int | None
    stars: int
    comment: str
    status: str
    district_id: str
    created_at: datetime
    moderated_at: datetime | None


class ModerateIn(Schema):
    decision: str  # "approve" or "reject"


def _detail(principal, report: Report) -> dict:
    return {
        **{field: getattr(report, field) for field in ReportOut.model_fields},
        "contact": selectors.contact_of(principal, report),
        "steps": list(report.steps.order_by("at", "id").values("kind", "at", "actor_name", "assignee_id", "text")),
        "photos": [{"id": p.pk, "content_type": p.content_type, "size": p.size, "sm3": p.sm3,
                    "url": reverse("participation:manage_photo", args=[report.pk, p.pk])}
                   for p in report.photos.defer("data").order_by("id")],
    }


def _get(request, report_id: Id) -> Report:
    try:
        return selectors.get_report(request.auth, report_id)
    except Report.DoesNotExist as exc:
        raise Http404 from exc


@router.get("/reports", response=list[ReportOut])
@paginate(Pages)
def list_reports(request, status: str = "", category: str = "", q: str = ""):
    """Reports of the principal's area, newest first; filter by status, category, or a tracking number / product /
    place fragment."""
    return selectors.reports_for(request.auth, status=status, category=category, q=q[:50])


@router.get("/reports/{report_id}", response=ReportDetailOut)
def get_report(request, report_id: Id):
    return _detail(request.auth, _get(request, report_id))


def _change(request, report_id: Id, action, **kwargs) -> dict:
    try:
        report = action(actor=request.auth, report_id=report_id, **kwargs)
    except Report.DoesNotExist as exc:
        raise Http404 from exc
    return _detail(request.auth, selectors.get_report(request.auth, report.pk))


@router.post("/reports/{report_id}/assign", response=ReportDetailOut)
def assign(request, report_id: Id, body: AssignIn):
    """Assign to an active handler (a user who may change reports) or an inspector of the report's region; an
    inspector then replies and closes it."""
    return _change(request, report_id, services.report_assign, user_id=body.user_id)


@router.post("/reports/{report_id}/reply", response=ReportDetailOut)
def reply(request, report_id: Id, body: ReplyIn):
    """A reply to the reporter, shown on the public status page."""
    return _change(request, report_id, services.report_reply, text=body.text)


@router.post("/reports/{report_id}/close", response=ReportDetailOut)
def close(request, report_id: Id, body: CloseIn):
    return _change(request, report_id, services.report_close, note=body.note)


@router.get("/ratings", response=list[RatingOut])
@paginate(Pages)
def list_ratings(request, status: str = Rating.Status.PENDING):
    """Rated comments of the principal's area: pending (default), approved or rejected."""
    return selectors.moderation_queue(request.auth, status)


@router.post("/ratings/{rating_id}/moderate", response=RatingOut)
def moderate(request, rating_id: Id, body: ModerateIn):
    try:
        return services.rating_moderate(actor=request.auth, rating_id=rating_id, decision=body.decision)
    except Rating.DoesNotExist as exc:
        raise Http404 from exc
