"""``{% load participation %}{% rating_panel lot_key product_id %}``: the rating summary, the approved comments,
a stars form that continues on the rating page (which asks the check question) and a "report a problem" link,
for the public product page (participation/product_panel.html)."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from foodtrace.participation import services
from foodtrace.participation.forms import star_choices
from foodtrace.participation.subjects import CodeError, read_code
from foodtrace.trace.graph import code_path

register = template.Library()


def bars(summary: dict) -> list[dict]:
    total = summary["count"] or 0
    return [{"stars": n, "count": summary["distribution"][n],
             "percent": round(100 * summary["distribution"][n] / total) if total else 0} for n in range(5, 0, -1)]


def _display_code(lot_key: str) -> str:
    if not lot_key:
        return ""
    try:
        cid = read_code(lot_key)
    except CodeError:
        return ""
    return cid.value if cid.kind == "platform_lot" else code_path(cid)


@register.inclusion_tag("participation/panel.html", takes_context=True)
def rating_panel(context, lot_key="", product_id=None, next_path=""):
    lot_key = str(lot_key or "")
    try:
        product_id = int(product_id) if product_id not in (None, "") else None
    except (TypeError, ValueError):
        product_id = None
    summary = services.rating_summary(lot_key, product_id)
    request = context.get("request")
    code = _display_code(lot_key)
    report_url = reverse("participation:report") + (f"?{urlencode({'code': code})}" if code else "")
    # Nothing here is per visitor (no CSRF token, no check question): the product page may be cached.
    return {
        "lot_key": lot_key, "product_id": product_id, "code": code, "summary": summary, "bars": bars(summary),
        "stars": star_choices(), "comments": services.published_comments(lot_key, product_id),
        "report_url": report_url, "rate_url": reverse("participation:rate"),
        "next": next_path or (request.path if request is not None else ""), "ratable": bool(lot_key or product_id),
    }


@register.filter
def star_bars(summary):
    return bars(summary) if summary else []
