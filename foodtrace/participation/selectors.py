"""Public participation, reading: rating figures and comments for the public pages, the moderation queue,
a reporter's own report, and the reports, their handlers and contacts for regulators (through
``Model.objects.restrict(principal)``). The writes are in ``participation/services.py``.
"""

from __future__ import annotations

import hmac
import re

from django.db.models import Q

from foodtrace.accounts.models import User
from foodtrace.accounts.principals import acting_user, require
from foodtrace.accounts.roles import ROLE_SPECS, Role
from foodtrace.db import sql
from foodtrace.identifiers.masking import mask_name, mask_phone
from foodtrace.participation.abuse import keyed_hash
from foodtrace.participation.models import Rating, Report, ReportCategory, ReportPhoto, ReportStep
from foodtrace.regions.models import Region
from foodtrace.regions.scoping import ScopeLevel, scope_of
from foodtrace.workflow.services import may_take

VIEW_REPORT = "participation.view_report"
CHANGE_REPORT = "participation.change_report"
MODERATE = "participation.moderate_rating"
TRACKING = re.compile(r"^TS\d{12,16}$")

# Ratings -----------------------------------------------------------------------------------------------------

def _of_subject(lot_key: str | None, product_id: int | None) -> tuple[str, list]:
    """(condition, params) for the ratings of the lot or of the product; ("", []) for neither."""
    match, params = [], []
    if lot_key:
        match.append("lot_key = %s")
        params.append(lot_key)
    if product_id:
        match.append("product_id = %s")
        params.append(product_id)
    return " OR ".join(match), params


def rating_summary(lot_key: str | None = None, product_id: int | None = None) -> dict:
    """Mean, count and distribution of the stars, in one query, for other code (the public page, a later credit
    system).

    With ``product_id`` the figures cover every rating of the product (any lot) and of the lot ``lot_key``;
    without it, the lot's. ``lot_count`` and ``lot_mean`` are the lot's alone. Stars count as soon as they are
    given, whatever becomes of the comment. ``mean`` is None without ratings.
    """
    empty = {"count": 0, "mean": None, "distribution": dict.fromkeys(range(1, 6), 0), "lot_count": 0,
             "lot_mean": None}
    match, params = _of_subject(lot_key, product_id)
    if not match:
        return empty
    # Raw SQL, grouped by stars: the ORM's compilation of seven filtered aggregates cost ten times the query,
    # and this runs for every public page that is built.
    rows = sql.fetch(f"SELECT stars, count(*), sum(CASE WHEN lot_key = %s THEN 1 ELSE 0 END) "  # noqa: S608
                     f"FROM participation_rating WHERE {match} GROUP BY stars", [lot_key or "", *params])
    distribution = dict.fromkeys(range(1, 6), 0)
    count = total = lot_count = lot_total = 0
    for stars, number, on_lot in rows:
        distribution[stars] = number
        count, total = count + number, total + stars * number
        lot_count, lot_total = lot_count + (on_lot or 0), lot_total + stars * (on_lot or 0)
    return {
        "count": count,
        "mean": round(total / count, 2) if count else None,
        "distribution": distribution,
        "lot_count": lot_count,
        "lot_mean": round(lot_total / lot_count, 2) if lot_count else None,
    }


def published_comments(lot_key: str | None = None, product_id: int | None = None, limit: int = 5) -> list[dict]:
    """The newest approved comments of the lot and of the product: [{stars, comment, created_at}] (raw SQL: it
    runs whenever a public page is built)."""
    match, params = _of_subject(lot_key, product_id)
    if not match:
        return []
    rows = sql.fetch(f"SELECT stars, comment, created_at FROM participation_rating "  # noqa: S608
                     f"WHERE ({match}) AND status = %s ORDER BY created_at DESC, id DESC LIMIT %s",
                     [*params, Rating.Status.APPROVED, limit])
    return [{"stars": stars, "comment": comment, "created_at": sql.aware(created_at)}
            for stars, comment, created_at in rows]


def moderation_queue(principal, status: str = Rating.Status.PENDING):
    require(principal, MODERATE)
    rows = Rating.objects.restrict(principal).exclude(status=Rating.Status.PUBLISHED)
    if status in (Rating.Status.PENDING, Rating.Status.APPROVED, Rating.Status.REJECTED):
        rows = rows.filter(status=status)
    return rows.select_related("product", "seller", "district", "moderated_by")


# Reports: the reporter ---------------------------------------------------------------------------------------

def check_hash(tracking: str, check: str) -> str:
    return keyed_hash("report-check", f"{tracking}:{check.strip().upper()}")


def find_for_reporter(tracking: str, check: str) -> Report | None:
    """The report, when the tracking number and its check code match; None otherwise (same for both cases)."""
    tracking = (tracking or "").strip().upper()
    if not TRACKING.match(tracking):
        return None
    report = Report.objects.select_related("district").filter(tracking=tracking).first()
    expected = report.check_hash if report else check_hash("TS0", "-")
    if not hmac.compare_digest(expected, check_hash(tracking, check or "")) or report is None:
        return None
    return report


def public_steps(report: Report):
    """What the reporter sees of the timeline: the steps, with replies and the closing note; no names."""
    return [{**row, "label": ReportStep.Kind(row["kind"]).label}
            for row in report.steps.exclude(kind=ReportStep.Kind.ESCALATED).order_by("at", "id")
            .values("kind", "at", "text")]


# Reports: regulators -----------------------------------------------------------------------------------------

def reports_for(principal, *, status: str = "", category: str = "", q: str = "", mine: bool = False):
    require(principal, VIEW_REPORT)
    rows = Report.objects.restrict(principal).select_related("district", "business", "assignee", "product")
    if status in Report.Status.values:
        rows = rows.filter(status=status)
    if category in ReportCategory.values:
        rows = rows.filter(category=category)
    if q:
        rows = rows.filter(Q(tracking__icontains=q.strip()) | Q(product_name__icontains=q.strip())
                           | Q(seller_name__icontains=q.strip()))
    if mine:
        rows = rows.filter(assignee_id=getattr(principal, "pk", None))
    return rows


def get_report(principal, report_id) -> Report:
    """Report.DoesNotExist for anything outside the principal's area."""
    try:
        report_id = int(report_id)
    except (TypeError, ValueError):
        raise Report.DoesNotExist from None
    return reports_for(principal).get(pk=report_id)


def may_change(principal) -> bool:
    return principal is not None and principal.has_perm(CHANGE_REPORT)


def handler_roles() -> list[str]:
    """Roles a report may be assigned to: those who may change reports, and the district's inspectors (who then
    reply and close the report assigned to them, participation/workflow.py)."""
    return [key for key, spec in ROLE_SPECS.items() if CHANGE_REPORT in spec.permissions] + [Role.INSPECTOR.value]


def assignable_users(principal, report: Report):
    """Active users who may handle reports, and inspectors, of the report's region (and, for a city user, of the
    city)."""
    regions = {report.district_id}
    if scope_of(principal).level == ScopeLevel.CITY:
        regions.add(scope_of(principal).city_id)
    return User.objects.filter(is_active=True, role__in=handler_roles(), region_id__in=regions).order_by("username")


def may_take_step(principal, report: Report, step: str) -> bool:
    """Whether the page offers ``step`` (assign, reply, close) to the principal on this report."""
    from foodtrace.participation.workflow import REPORT

    transition = REPORT.transition(step)
    return report.status in transition.sources and may_take(principal, report, transition)


def contact_of(principal, report: Report) -> dict:
    """The reporter's contact: in full for the assigned handler, masked for everyone else."""
    user = acting_user(principal)
    full = report.assignee_id is not None and user is not None and user.pk == report.assignee_id
    if full:
        return {"name": report.contact_name, "phone": report.contact_phone, "masked": False}
    return {"name": mask_name(report.contact_name), "phone": mask_phone(report.contact_phone), "masked": True}


def steps(report: Report):
    """The report's whole timeline, for those who handle it (the reporter sees ``public_steps``)."""
    return report.steps.select_related("assignee").order_by("at", "id")


def photo_of(principal, report_id, photo_id) -> ReportPhoto:
    """ReportPhoto.DoesNotExist outside the principal's area."""
    report = get_report(principal, report_id)
    try:
        return ReportPhoto.objects.restrict(principal).get(report=report, pk=int(photo_id))
    except (TypeError, ValueError):
        raise ReportPhoto.DoesNotExist from None


def districts():
    return Region.objects.filter(level=Region.Level.DISTRICT).order_by("code")
