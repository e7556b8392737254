"""Public participation: submitting ratings and reports (anonymous), moderating and handling them (regulators).

Every write is one transaction and goes through the ORM, so the audit trail records it (the app is in
AUDITED_APPS); public writes are attributed to an anonymous "public" actor *without* the network address
(only its salted hash is kept, on the row). Regulators' writes are attributed to them. Reads and writes of
regulators go through ``Model.objects.restrict(principal)``.
"""

from __future__ import annotations

import hmac
import re
import secrets
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from foodtrace.accounts.models import User
from foodtrace.accounts.roles import ROLE_SPECS, Role
from foodtrace.audit.context import acting_as, attributed_to, serving_request
from foodtrace.audit.recorder import object_type_of, record
from foodtrace.crypto import sm3_hex
from foodtrace.db import sql
from foodtrace.identifiers.masking import mask_name, mask_phone
from foodtrace.notify.services import notification_send
from foodtrace.participation.abuse import keyed_hash
from foodtrace.participation.models import (
    COMMENT_MAX,
    DESCRIPTION_MAX,
    REPLY_MAX,
    Rating,
    Report,
    ReportCategory,
    ReportPhoto,
    ReportStep,
)
from foodtrace.participation.subjects import CodeError, Subject, city_code, is_district, subject_of
from foodtrace.regions.models import Region
from foodtrace.regions.scoping import ScopeLevel, scope_of
from foodtrace.registry.models import Business, Product
from foodtrace.trace.storage import allocate_ids
from foodtrace.workflow.services import case_open, case_transition, may_take

VIEW_REPORT = "participation.view_report"
CHANGE_REPORT = "participation.change_report"
MODERATE = "participation.moderate_rating"
CHECK_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed from a phone
CHECK_LENGTH = 6
TRACKING = re.compile(r"^TS\d{12,16}$")
PHONE = re.compile(r"^\+?[0-9][0-9 \-]{5,18}[0-9]$")


def require(principal, perm: str) -> None:
    if principal is None or not principal.has_perm(perm):
        raise PermissionDenied(_("Your role may not do this (%(perm)s).") % {"perm": perm})


def _user_or_none(principal):
    return principal if getattr(principal, "audit_actor_type", "") == "user" else None


class _Public:
    """The audit actor of anonymous submissions: "public", no address (its hash is on the row)."""

    audit_actor_type = "anonymous"
    is_authenticated = True  # so that actor_of names it rather than falling back to a blank actor
    pk = ""
    audit_name = "public"
    role = ""


@contextmanager
def as_public():
    # Without the request in the audit context, acting_as takes no address from it.
    with serving_request(None), acting_as(_Public(), source="web:participation"):
        yield


# Ratings ----------------------------------------------------------------------------------------------------

def _route(subject: Subject | None, product: Product | None) -> str:
    """The moderating region of a rating: the seller's district, else the producer's, else the city."""
    for candidate in ((subject.seller_district, subject.producer_district) if subject else ()):
        if is_district(candidate):
            return candidate
    if product is not None:
        return product.business.district_id
    return city_code()


def submit_rating(*, stars, comment: str = "", code: str = "", product_id=None, address: str,
                  now=None) -> Rating:
    """A rating of the lot ``code`` (or, without a code, of the product ``product_id``); ValidationError with
    field messages when anything is wrong, and then nothing is stored."""
    errors: dict[str, list[str]] = {}
    try:
        stars = int(stars)
    except (TypeError, ValueError):
        stars = 0
    if not 1 <= stars <= 5:
        errors["stars"] = [_("Choose from 1 to 5 stars.")]
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        errors["comment"] = [_("The comment is %(n)d characters long; at most %(max)d are allowed.")
                             % {"n": len(comment), "max": COMMENT_MAX}]
    subject, product = None, None
    if (code or "").strip():
        try:
            subject = subject_of(code)
        except CodeError as exc:
            errors["code"] = [str(exc)]
        else:
            if not subject.known:
                errors["code"] = [_("The platform does not know the trace code %(code)s. Check the code on the "
                                    "label.") % {"code": subject.display}]
            product = subject.product
    elif product_id not in (None, ""):
        try:
            product = Product.objects.select_related("business").get(pk=int(product_id), is_active=True)
        except (Product.DoesNotExist, TypeError, ValueError):
            errors["code"] = [_("This product is not on the platform.")]
    else:
        errors["code"] = [_("Enter the trace code printed on the label or under the QR code.")]
    if errors:
        raise ValidationError(errors)
    rating = Rating(lot_key=subject.key if subject else "", product=product,
                    seller=subject.seller if subject else None, stars=stars, comment=comment,
                    status=Rating.Status.PENDING if comment else Rating.Status.PUBLISHED,
                    district_id=_route(subject, product), created_at=now or timezone.now(), address_hash=address)
    rating.full_clean()
    with transaction.atomic(), as_public():
        rating.save()
    return rating


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


def moderate(*, principal, rating_id: int, decision: str, now=None) -> Rating:
    """Approve or reject a rating's comment; Rating.DoesNotExist outside the principal's area."""
    require(principal, MODERATE)
    if decision not in ("approve", "reject"):
        raise ValidationError({"decision": _("Choose to approve or reject the comment.")})
    with transaction.atomic():
        rating = Rating.objects.restrict(principal).select_for_update().get(pk=rating_id)
        if not rating.comment:
            raise ValidationError({"decision": _("This rating has no comment to moderate.")})
        rating.status = Rating.Status.APPROVED if decision == "approve" else Rating.Status.REJECTED
        rating.moderated_at = now or timezone.now()
        rating.moderated_by = _user_or_none(principal)
        with attributed_to(principal):
            rating.save(update_fields=["status", "moderated_at", "moderated_by"])
    return rating


# Reports ----------------------------------------------------------------------------------------------------

@dataclass
class ReportInput:
    category: str
    description: str
    code: str = ""
    product_name: str = ""
    seller_name: str = ""
    seller_district: str = ""
    contact_name: str = ""
    contact_phone: str = ""


def check_hash(tracking: str, check: str) -> str:
    return keyed_hash("report-check", f"{tracking}:{check.strip().upper()}")


def _tracking(now) -> str:
    local = timezone.localtime(now)
    return f"TS{local:%Y%m%d}{allocate_ids(f'complaint-{local.year}', 1):04d}"


def _named_business(name: str, district: str) -> Business | None:
    """A registered business the reporter named exactly (in the district chosen, when one is): only when
    exactly one matches."""
    if not name:
        return None
    rows = Business.objects.filter(name=name)
    if district:
        rows = rows.filter(district_id=district)
    found = list(rows[:2])
    return found[0] if len(found) == 1 else None


def route_report(subject: Subject | None, business: Business | None, chosen_district: str) -> tuple[str, str]:
    """(region code, Report.Routing): the registered business named, the lot's last holder, the district chosen,
    the producer, else the city (docs/participation.md, "Routing")."""
    if business is not None:
        return business.district_id, Report.Routing.BUSINESS
    if subject is not None and is_district(subject.seller_district):
        return subject.seller_district, Report.Routing.SELLER
    if is_district(chosen_district):
        return chosen_district, Report.Routing.DISTRICT
    if subject is not None and is_district(subject.producer_district):
        return subject.producer_district, Report.Routing.PRODUCER
    return city_code(), Report.Routing.CITY


def validate_report(data: ReportInput) -> tuple[ReportInput, Subject | None]:
    """Clean the input; ValidationError with a message per field (in the person's language)."""
    errors: dict[str, list[str]] = {}
    data.category = (data.category or "").strip()
    if data.category not in ReportCategory.values:
        errors["category"] = [_("Choose what is wrong.")]
    data.description = (data.description or "").strip()
    if len(data.description) < 5:
        errors["description"] = [_("Describe the problem in at least 5 characters.")]
    elif len(data.description) > DESCRIPTION_MAX:
        errors["description"] = [_("The description is %(n)d characters long; at most %(max)d are allowed.")
                                 % {"n": len(data.description), "max": DESCRIPTION_MAX}]
    for field, limit in (("product_name", 200), ("seller_name", 200), ("contact_name", 50)):
        value = (getattr(data, field) or "").strip()
        setattr(data, field, value)
        if len(value) > limit:
            errors[field] = [_("At most %(max)d characters.") % {"max": limit}]
    data.contact_phone = (data.contact_phone or "").strip()
    if data.contact_phone and not PHONE.match(data.contact_phone):
        errors["contact_phone"] = [_("Enter a mobile or landline number in digits (e.g. 13812345678 or "
                                     "0731-88888888), or leave it empty.")]
    data.seller_district = (data.seller_district or "").strip()
    if data.seller_district and not is_district(data.seller_district):
        errors["seller_district"] = [_("Choose a district of the city from the list.")]
    subject = None
    data.code = (data.code or "").strip()
    if data.code:
        try:
            subject = subject_of(data.code)
        except CodeError as exc:
            errors["code"] = [str(exc)]
    if not data.code and not data.product_name:
        errors["product_name"] = [_("Enter the trace code or the name of the product.")]
    if errors:
        raise ValidationError(errors)
    return data, subject


def submit_report(*, data: ReportInput, photos: list[tuple[str, bytes]], address: str,
                  now=None) -> tuple[Report, str]:
    """File a report: (report, check code). The check code is returned once and only its hash is kept.

    ``photos`` are (content type, bytes) already checked (abuse.read_photos). The report lands in the inbox of
    the handling region (a district, or the city when no district is found). Nothing is stored when any check
    fails.
    """
    data, subject = validate_report(data)
    named = _named_business(data.seller_name, data.seller_district)
    business = named or (subject.seller if subject else None)
    district, routing = route_report(subject, named, data.seller_district)
    product = subject.product if subject else None
    now = now or timezone.now()
    check = "".join(secrets.choice(CHECK_ALPHABET) for _i in range(CHECK_LENGTH))
    with transaction.atomic(), as_public():
        tracking = _tracking(now)
        report = Report(
            tracking=tracking, check_hash=check_hash(tracking, check), category=data.category,
            description=data.description, code=data.code, lot_key=subject.key if subject else "", product=product,
            product_name=data.product_name or (product.name if product else ""), seller_name=data.seller_name,
            seller_district_id=data.seller_district or None, business=business, district_id=district,
            routing=routing, contact_name=data.contact_name, contact_phone=data.contact_phone,
            created_at=now, address_hash=address)
        case_open(report, now=now)  # received: due in 7 working days (participation/workflow.py)
        report.full_clean()
        report.save()
        ReportStep.objects.create(report=report, kind=ReportStep.Kind.SUBMITTED, at=now, actor_name="public")
        for content_type, content in photos:
            photo = ReportPhoto.objects.create(report=report, content_type=content_type, size=len(content),
                                               sm3=sm3_hex(content), data=content, created_at=now)
            record(action="create", object_type=object_type_of(ReportPhoto), object_id=str(photo.pk),
                   object_repr=str(photo), changes={"report": [None, report.pk], "content_type": [None, content_type],
                                                    "size": [None, len(content)], "sm3": [None, photo.sm3]})
        _notify_received(report)
    return report, check


def manage_link(report: Report) -> str:
    return reverse("participation:manage_report", args=[report.pk])


def _notify_received(report: Report) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Problem report %(tracking)s: %(category)s") % {
            "tracking": report.tracking, "category": ReportCategory(report.category).label}
        what = report.product_name or report.code or _("(no product named)")
        where = report.seller_name or (report.business.name if report.business else _("(place not given)"))
        body = _("%(what)s — bought at %(where)s.\n%(description)s") % {
            "what": what, "where": where, "description": report.description[:300]}
    notification_send([], kind="participation.report", title=title, body=body, link=manage_link(report),
                      regions=[report.district_id], related=("participation.report", report.pk), now=report.created_at)


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


# Handling (regulators) -------------------------------------------------------------------------------------

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
    full = report.assignee_id is not None and getattr(principal, "pk", None) == report.assignee_id \
        and getattr(principal, "audit_actor_type", "") == "user"
    if full:
        return {"name": report.contact_name, "phone": report.contact_phone, "masked": False}
    return {"name": mask_name(report.contact_name), "phone": mask_phone(report.contact_phone), "masked": True}


def _report_ref(report_id) -> Report:
    try:
        return Report(pk=int(report_id))
    except (TypeError, ValueError):
        raise Report.DoesNotExist from None


def report_assign(*, actor, report_id, user_id, now=None) -> Report:
    """Assign the report to a handler or an inspector of its region (the workflow's ``assign`` step)."""
    def change(report, now):
        try:
            report.assignee = assignable_users(actor, report).get(pk=int(user_id))
        except (User.DoesNotExist, TypeError, ValueError):
            raise ValidationError({"user_id": _("Choose a handler or an inspector of this report's region.")}) \
                from None

    return case_transition(actor=actor, case=_report_ref(report_id), transition="assign", change=change, now=now)


def assign(*, principal, report_id, user_id, now=None) -> Report:
    return report_assign(actor=principal, report_id=report_id, user_id=user_id, now=now)


def reply(*, principal, report_id, text: str, now=None) -> Report:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the reply to the reporter.")})
    if len(text) > REPLY_MAX:
        raise ValidationError({"text": _("At most %(max)d characters.") % {"max": REPLY_MAX}})
    return case_transition(actor=principal, case=_report_ref(report_id), transition="reply", note=text, now=now)


def close(*, principal, report_id, note: str = "", now=None) -> Report:
    note = (note or "").strip()
    if len(note) > REPLY_MAX:
        raise ValidationError({"note": _("At most %(max)d characters.") % {"max": REPLY_MAX}})

    def change(report, now):
        report.closed_at = now

    return case_transition(actor=principal, case=_report_ref(report_id), transition="close", note=note,
                           change=change, now=now)


def photo_of(principal, report_id, photo_id) -> ReportPhoto:
    """ReportPhoto.DoesNotExist outside the principal's area."""
    report = get_report(principal, report_id)
    try:
        return ReportPhoto.objects.restrict(principal).get(report=report, pk=int(photo_id))
    except (TypeError, ValueError):
        raise ReportPhoto.DoesNotExist from None


def districts():
    return Region.objects.filter(level=Region.Level.DISTRICT).order_by("code")
