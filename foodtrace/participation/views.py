"""Participation pages (/participate/): the public's rating and report forms and the report status page; the
regulators' report handling and comment moderation (/participate/manage/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from foodtrace.participation import abuse, selectors, services
from foodtrace.participation.forms import CloseForm, LookupForm, RatingForm, ReplyForm, ReportForm
from foodtrace.participation.models import Rating, Report, ReportCategory, ReportPhoto
from foodtrace.participation.panel import summary_html
from foodtrace.participation.subjects import CodeError, subject_of
from foodtrace.registry.models import Product

PAGE_SIZE = 50
RECEIPT = "participation_receipt"
VERIFIED = "participation_verified"


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


def _safe_next(request, target: str) -> str:
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return ""


def _subject_context(code: str) -> dict:
    """What the page shows about the code it was opened with (public data only: product name, code)."""
    if not code:
        return {}
    try:
        subject = subject_of(code)
    except CodeError as exc:
        return {"code_problem": str(exc)}
    context = {"subject": subject, "product": subject.product}
    if not subject.known:
        context["code_problem"] = _("The platform does not know the trace code %(code)s. Check the code on the "
                                    "label.") % {"code": subject.display}
    return context


def _blocked(address: str, limit: abuse.Limit) -> str:
    for candidate in (limit, abuse.FAILURES):
        if abuse.exhausted(candidate, address):
            return abuse.limit_message(candidate)
    return ""


# Public: rating ---------------------------------------------------------------------------------------------

@never_cache
def rate_page(request):
    """GET ?code=…: the rating form for a lot (or ?product=… for a product); POST: store the rating."""
    address = abuse.address_hash(request)
    blocked = challenge_error = ""
    if request.method == "POST":
        form = RatingForm(request.POST)
        blocked = _blocked(address, abuse.RATINGS)
        if not blocked and form.is_valid():
            challenge_error = abuse.check_challenge(request.POST.get("challenge", ""), request.POST.get("answer", ""))
            if challenge_error:
                abuse.count(abuse.FAILURES, address)
            else:
                data = form.cleaned_data
                try:
                    rating = services.rating_submit(stars=data["stars"], comment=data["comment"], code=data["code"],
                                                    product_id=data["product"], address=address)
                except ValidationError as exc:
                    _form_errors(form, exc)
                else:
                    abuse.count(abuse.RATINGS, address)
                    if rating.comment:
                        messages.success(request, _("Thank you! Your stars count at once; your comment is shown "
                                                    "after review."))
                    else:
                        messages.success(request, _("Thank you! Your rating counts at once."))
                    target = _safe_next(request, data["next"])
                    if target:
                        return redirect(target)
                    query = f"?code={rating.lot_key}" if rating.lot_key else f"?product={rating.product_id}"
                    return redirect(reverse("participation:rate") + query)
        code, product_id = request.POST.get("code", ""), request.POST.get("product", "")
    else:
        code, product_id = request.GET.get("code", "")[:300], request.GET.get("product", "")
        stars = request.GET.get("stars", "")
        form = RatingForm(initial={"code": code, "product": product_id if product_id.isdigit() else None,
                                   "stars": int(stars) if stars in ("1", "2", "3", "4", "5") else None,
                                   "next": _safe_next(request, request.GET.get("next", ""))})
    context = _subject_context(code)
    lot_key = context["subject"].key if "subject" in context else ""
    product = context.get("product")
    if product is None and not code and product_id.isdigit():
        product = Product.objects.filter(pk=int(product_id), is_active=True).first()
        context["product"] = product
    summary = selectors.rating_summary(lot_key, product.pk if product else None) if (lot_key or product) else None
    return render(request, "participation/rate.html", {
        **context, "form": form, "challenge": abuse.new_challenge(), "challenge_error": challenge_error,
        "blocked": blocked, "code": code, "lot_key": lot_key,
        "summary_html": summary_html(summary, selectors.published_comments(lot_key, product.pk if product else None))
        if summary else "",
    }, status=429 if blocked else 200)


# Public: reports ----------------------------------------------------------------------------------------------

@never_cache
def report_page(request):
    address = abuse.address_hash(request)
    blocked = challenge_error = photo_error = ""
    if request.method == "POST":
        form = ReportForm(request.POST)
        blocked = _blocked(address, abuse.REPORTS)
        photos = []
        if not blocked:
            try:
                photos = abuse.read_photos(request.FILES.getlist("photos"))
            except abuse.PhotoError as exc:
                photo_error = str(exc)
        if not blocked and form.is_valid() and not photo_error:
            challenge_error = abuse.check_challenge(request.POST.get("challenge", ""), request.POST.get("answer", ""))
            if challenge_error:
                abuse.count(abuse.FAILURES, address)
            else:
                try:
                    report, check = services.report_submit(
                        data=services.ReportInput(**form.cleaned_data), photos=photos, address=address)
                except ValidationError as exc:
                    _form_errors(form, exc)
                else:
                    abuse.count(abuse.REPORTS, address)
                    request.session[RECEIPT] = {"tracking": report.tracking, "check": check}
                    return redirect("participation:receipt")
        context = {}
    else:
        code = request.GET.get("code", "")[:300]
        context = _subject_context(code)
        product = context.get("product")
        form = ReportForm(initial={"code": context["subject"].display if "subject" in context else code,
                                   "product_name": product.name if product else ""})
    return render(request, "participation/report.html", {
        **context, "form": form,
        "challenge": abuse.new_challenge(), "challenge_error": challenge_error, "photo_error": photo_error,
        "blocked": blocked, "max_photos": abuse.PHOTO_MAX_COUNT,
    }, status=429 if blocked else 200)


@never_cache
def receipt_page(request):
    receipt = request.session.get(RECEIPT)
    if not receipt:
        return redirect("participation:lookup")
    report = Report.objects.select_related("district").filter(tracking=receipt["tracking"]).first()
    if report is None:
        raise Http404
    return render(request, "participation/receipt.html", {"report": report, "check": receipt["check"]})


def _remember(request, tracking: str) -> None:
    seen = [t for t in request.session.get(VERIFIED, []) if t != tracking][-19:]
    request.session[VERIFIED] = [*seen, tracking]


@never_cache
def lookup_page(request):
    address = abuse.address_hash(request)
    form = LookupForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        if abuse.exhausted(abuse.FAILURES, address):
            error = abuse.limit_message(abuse.FAILURES)
        else:
            report = selectors.find_for_reporter(form.cleaned_data["tracking"], form.cleaned_data["check"])
            if report is None:
                abuse.count(abuse.FAILURES, address)
                error = _("The tracking number and check code do not match. Check both and try again.")
            else:
                _remember(request, report.tracking)
                return redirect("participation:status", report.tracking)
    return render(request, "participation/lookup.html", {"form": form, "error": error})


@never_cache
def status_page(request, tracking: str):
    """The reporter's view: needs the tracking number and its check code (remembered for this browser session).
    The page looks the same for a number that does not exist, so numbers cannot be probed."""
    tracking = tracking.strip().upper()
    if not selectors.TRACKING.match(tracking):
        raise Http404
    address = abuse.address_hash(request)
    report, error = None, ""
    if request.method == "POST":
        if abuse.exhausted(abuse.FAILURES, address):
            error = abuse.limit_message(abuse.FAILURES)
        else:
            report = selectors.find_for_reporter(tracking, request.POST.get("check", ""))
            if report is None:
                abuse.count(abuse.FAILURES, address)
                error = _("The tracking number and check code do not match. Check both and try again.")
            else:
                _remember(request, report.tracking)
    elif tracking in request.session.get(VERIFIED, []):
        report = Report.objects.select_related("district").filter(tracking=tracking).first()
    return render(request, "participation/status.html", {
        "tracking": tracking, "report": report, "error": error,
        "steps": selectors.public_steps(report) if report else [],
    }, status=200)


# Regulators: reports ------------------------------------------------------------------------------------------

@login_required
def manage_reports(request):
    status, category = request.GET.get("status", ""), request.GET.get("category", "")
    q, mine = request.GET.get("q", "").strip()[:50], request.GET.get("mine") == "1"
    district, still_open = request.GET.get("district", "")[:6], request.GET.get("open") == "1"
    rows = selectors.reports_for(request.user, status=status, category=category, q=q, mine=mine)
    # The workbench links here one district at a time (city), and to the reports not closed yet.
    if district:
        rows = rows.filter(district_id=district)
    if still_open:
        rows = rows.exclude(status=Report.Status.CLOSED)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    districts = selectors.districts().restrict(request.user)
    return render(request, "participation/manage_reports.html", {
        "page": page, "status": status, "category": category, "q": q, "mine": mine,
        "statuses": Report.Status.choices, "categories": ReportCategory.choices,
        "district": district, "districts": districts if len(districts) > 1 else [], "still_open": still_open,
    })


@login_required
def manage_report(request, report_id: int):
    try:
        report = selectors.get_report(request.user, report_id)
    except Report.DoesNotExist as exc:
        raise Http404 from exc
    may = {step: selectors.may_take_step(request.user, report, step) for step in ("assign", "reply", "close")}
    return render(request, "participation/manage_report.html", {
        "report": report, "contact": selectors.contact_of(request.user, report),
        "photos": report.photos.defer("data").order_by("id"),
        "steps": selectors.steps(report),
        "may_change": any(may.values()), "may": may,
        "handlers": selectors.assignable_users(request.user, report) if may["assign"] else [],
        "reply_form": ReplyForm(), "close_form": CloseForm(),
    })


def _act(request, report_id: int, action, success: str, **kwargs):
    try:
        action(actor=request.user, report_id=report_id, **kwargs)
    except Report.DoesNotExist as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect("participation:manage_report", report_id)


@login_required
@require_POST
def manage_assign(request, report_id: int):
    return _act(request, report_id, services.report_assign, _("Assigned."), user_id=request.POST.get("user_id"))


@login_required
@require_POST
def manage_reply(request, report_id: int):
    return _act(request, report_id, services.report_reply, _("Reply saved; the reporter sees it on the status page."),
                text=request.POST.get("text", ""))


@login_required
@require_POST
def manage_close(request, report_id: int):
    return _act(request, report_id, services.report_close, _("The report is closed."),
                note=request.POST.get("note", ""))


@login_required
def manage_photo(request, report_id: int, photo_id: int):
    """The photo as received, to regulators only: as a download, sandboxed, never cached."""
    try:
        photo = selectors.photo_of(request.user, report_id, photo_id)
    except (Report.DoesNotExist, ReportPhoto.DoesNotExist) as exc:
        raise Http404 from exc
    response = HttpResponse(bytes(photo.data), content_type=photo.content_type)
    response["Content-Security-Policy"] = "sandbox"
    response["Content-Disposition"] = f'attachment; filename="{photo.report.tracking}-{photo.pk}{photo.extension}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Regulators: comment moderation -----------------------------------------------------------------------------

@login_required
def manage_ratings(request):
    status = request.GET.get("status", Rating.Status.PENDING)
    rows = selectors.moderation_queue(request.user, status)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "participation/manage_ratings.html", {
        "page": page, "status": status,
        "statuses": [(value, label) for value, label in Rating.Status.choices if value != Rating.Status.PUBLISHED],
    })


@login_required
@require_POST
def manage_moderate(request, rating_id: int):
    decision = request.POST.get("decision", "")
    try:
        services.rating_moderate(actor=request.user, rating_id=rating_id, decision=decision)
    except Rating.DoesNotExist as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Comment approved and published.") if decision == "approve"
                         else _("Comment rejected; the stars still count."))
    target = _safe_next(request, request.POST.get("next", ""))
    return redirect(target or "participation:manage_ratings")
