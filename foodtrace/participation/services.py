"""Public participation, writing: submitting ratings and reports (anonymous), moderating and handling them
(regulators). The reads are in ``participation/selectors.py``.

Every write is one transaction and goes through the ORM, so the audit trail records it (the app is in
AUDITED_APPS); public writes are attributed to an anonymous "public" actor *without* the network address
(only its salted hash is kept, on the row). Regulators' writes are attributed to them. Reads and writes of
regulators go through ``Model.objects.restrict(actor)``.
"""

from __future__ import annotations

import re
import secrets
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from foodtrace.accounts.models import User
from foodtrace.accounts.principals import acting_user, require
from foodtrace.audit.context import acting_as, attributed_to, serving_request
from foodtrace.audit.recorder import object_type_of, record
from foodtrace.crypto import sm3_hex
from foodtrace.notify.services import notification_send
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
from foodtrace.participation.selectors import MODERATE, assignable_users, check_hash
from foodtrace.participation.subjects import CodeError, Subject, city_code, is_district, subject_of
from foodtrace.registry.models import Business, Product
from foodtrace.trace.storage import allocate_ids
from foodtrace.workflow.services import case_open, case_transition

CHECK_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed from a phone
CHECK_LENGTH = 6
PHONE = re.compile(r"^\+?[0-9][0-9 \-]{5,18}[0-9]$")


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


# Ratings -----------------------------------------------------------------------------------------------------

def _route(subject: Subject | None, product: Product | None) -> str:
    """The moderating region of a rating: the seller's district, else the producer's, else the city."""
    for candidate in ((subject.seller_district, subject.producer_district) if subject else ()):
        if is_district(candidate):
            return candidate
    if product is not None:
        return product.business.district_id
    return city_code()


def rating_submit(*, stars, comment: str = "", code: str = "", product_id=None, address: str,
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


def rating_moderate(*, actor, rating_id: int, decision: str, now=None) -> Rating:
    """Approve or reject a rating's comment; Rating.DoesNotExist outside the actor's area."""
    require(actor, MODERATE)
    if decision not in ("approve", "reject"):
        raise ValidationError({"decision": _("Choose to approve or reject the comment.")})
    with transaction.atomic():
        rating = Rating.objects.restrict(actor).select_for_update().get(pk=rating_id)
        if not rating.comment:
            raise ValidationError({"decision": _("This rating has no comment to moderate.")})
        rating.status = Rating.Status.APPROVED if decision == "approve" else Rating.Status.REJECTED
        rating.moderated_at = now or timezone.now()
        rating.moderated_by = acting_user(actor)
        with attributed_to(actor):
            rating.save(update_fields=["status", "moderated_at", "moderated_by"])
    return rating


# Reports -----------------------------------------------------------------------------------------------------

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


def report_submit(*, data: ReportInput, photos: list[tuple[str, bytes]], address: str,
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


# Handling (regulators) ---------------------------------------------------------------------------------------

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


def report_reply(*, actor, report_id, text: str, now=None) -> Report:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the reply to the reporter.")})
    if len(text) > REPLY_MAX:
        raise ValidationError({"text": _("At most %(max)d characters.") % {"max": REPLY_MAX}})
    return case_transition(actor=actor, case=_report_ref(report_id), transition="reply", note=text, now=now)


def report_close(*, actor, report_id, note: str = "", now=None) -> Report:
    note = (note or "").strip()
    if len(note) > REPLY_MAX:
        raise ValidationError({"note": _("At most %(max)d characters.") % {"max": REPLY_MAX}})

    def change(report, now):
        report.closed_at = now

    return case_transition(actor=actor, case=_report_ref(report_id), transition="close", note=note,
                           change=change, now=now)
