"""The printable label sheet: named codes (``?codes=T…,T…``) or a business's latest ones, each with its QR."""

from django.utils.safestring import mark_safe

from foodtrace.codes import qr
from foodtrace.codes.models import TraceCode
from foodtrace.codes.resolver import key_of_text
from foodtrace.identifiers import IdentifierError
from foodtrace.registry.models import Business

DEFAULT_COUNT = 24
MAX_COUNT = 120  # ten A4 pages of twelve; a longer run is printed in batches


def _count(raw: str) -> int:
    try:
        return max(1, min(int(raw), MAX_COUNT))
    except (TypeError, ValueError):
        return DEFAULT_COUNT


def _named(codes, raw: str) -> tuple[list[TraceCode], list[str]]:
    items = [item.strip() for item in raw.replace("，", ",").split(",") if item.strip()][:MAX_COUNT]
    keys, missing = {}, []
    for item in items:
        try:
            keys.setdefault(key_of_text(item), item)
        except IdentifierError:
            missing.append(item)
    found = {code.key: code for code in codes.filter(key__in=list(keys))}
    # Codes outside the user's scope are "not found", exactly like codes never issued.
    missing += [item for key, item in keys.items() if key not in found]
    return [found[key] for key in keys if key in found], missing


def label_sheet(request) -> dict:
    user = request.user
    codes = TraceCode.objects.restrict(user).select_related("product", "business")
    raw = request.GET.get("codes", "")
    business = None
    if raw.strip():
        chosen, missing = _named(codes, raw)
    else:
        missing = []
        business_id = request.GET.get("business", "")
        if business_id.isdigit():
            business = Business.objects.restrict(user).filter(pk=int(business_id)).first()
            codes = codes.filter(business=business) if business else codes.none()
        elif getattr(user, "business_id", None):
            business = Business.objects.restrict(user).filter(pk=user.business_id).first()
        chosen = list(codes[: _count(request.GET.get("n", ""))])
    base = qr.public_base(request)
    labels = []
    for code in chosen:
        url = code.public_url(base)
        labels.append({
            "code": code, "url": url, "display": code.display,
            # segno writes only <svg> and <path> elements from the URI's modules: no text to escape.
            "svg": mark_safe(qr.inline_svg(url)),  # noqa: S308
            "product": code.product.name if code.product else "",
            "lot": code.lot_text if not code.is_platform else "",
            "date": code.production_date or code.created_at.date(),
        })
    return {"labels": labels, "missing": missing, "business": business, "codes_param": raw,
            "max_count": MAX_COUNT}
