"""Codes API (/api/v1/codes): issue codes, split lots, read codes in your scope."""

from django.db.models import Sum
from django.http import Http404
from ninja import Router, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from foodtrace.accounts.principals import require
from foodtrace.apikit.pagination import Pages
from foodtrace.apikit.params import Id
from foodtrace.codes import services
from foodtrace.codes.models import TraceCode
from foodtrace.codes.resolver import key_of_text
from foodtrace.codes.schemas import IssuedOut, IssueIn, SplitIn, SplitOut, TraceCodeDetailOut, TraceCodeOut
from foodtrace.i18n import localized
from foodtrace.identifiers import IdentifierError

router = Router(tags=["codes"])


def _scoped(principal):
    require(principal, "codes.view_tracecode")
    return (TraceCode.objects.restrict(principal).select_related("product", "business", "parent")
            .annotate(split_off=Sum("parts__quantity")))


def _key(code: str) -> str:
    try:
        return key_of_text(code)
    except IdentifierError as exc:
        raise HttpError(400, localized(exc)) from exc


def _get(principal, code: str) -> TraceCode:
    found = _scoped(principal).filter(key=_key(code)).first()
    if found is None:
        raise Http404
    return found


@router.get("", response=list[TraceCodeOut])
@paginate(Pages, page_size=50)
def list_codes(request, business: Id | None = None, parent: str = "", product: Id | None = None):
    """Codes in your scope, newest first."""
    codes = _scoped(request.auth)
    if business:
        codes = codes.filter(business_id=business)
    if product:
        codes = codes.filter(product_id=product)
    if parent:
        codes = codes.filter(parent__key=_key(parent))
    return codes


@router.post("", response={201: IssuedOut})
def issue(request, payload: IssueIn):
    """Issue a platform lot code (goods without GTIN) or register a GS1 lot/unit; captures its commissioning."""
    issued = services.code_issue(actor=request.auth, **payload.dict())
    issued.code.capture_job = str(issued.job.id)
    return Status(201, issued.code)


@router.get("/{code}", response=TraceCodeDetailOut)
def get_code(request, code: str):
    """One code: ``T…``, a stored key (``lgtin:…``) or an EPC / platform URN."""
    return _get(request.auth, code)


@router.post("/{code}/split", response={201: SplitOut})
def split(request, code: str, payload: SplitIn):
    """Split a lot into sold parts (流通追溯码): a new code per part, one repackaging event, shipping events."""
    parent = _get(request.auth, code)
    result = services.code_split(actor=request.auth, code=parent,
                                 parts=[part.dict() for part in payload.parts])
    return Status(201, {"parent": result.parent, "parts": result.parts, "capture_job": str(result.job.id)})
