"""The ratings panel of a code's public page, and the rating summary it shares with the rating page: the
summary, the approved comments, a stars form that continues on the rating page (which asks the check question)
and a "report a problem" link. Rendered with Jinja2 (participation/jinja2/; foodtrace/jinja2.py says why)."""

from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from foodtrace.participation import selectors
from foodtrace.participation.forms import star_choices
from foodtrace.participation.subjects import CodeError, read_code
from foodtrace.trace.graph import code_path

PANEL = "participation/panel.html"
SUMMARY = "participation/_summary.html"


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


def panel_html(lot_key: str = "", product_id: int | None = None, next_path: str = "") -> SafeString:
    """The panel of a lot (its key) or a product; ``next_path`` is where the rating page returns to."""
    summary = selectors.rating_summary(lot_key, product_id)
    code = _display_code(lot_key)
    report_url = reverse("participation:report") + (f"?{urlencode({'code': code})}" if code else "")
    # Nothing here is per visitor (no CSRF token, no check question): the product page may be cached.
    return mark_safe(render_to_string(PANEL, {  # noqa: S308 (autoescaped by Jinja2)
        "lot_key": lot_key, "product_id": product_id, "code": code, "summary": summary, "bars": bars(summary),
        "stars": star_choices(), "comments": selectors.published_comments(lot_key, product_id),
        "report_url": report_url, "rate_url": reverse("participation:rate"), "next": next_path,
        "ratable": bool(lot_key or product_id),
    }))


def summary_html(summary: dict, comments) -> SafeString:
    """The summary for a Django template (the rating page): Jinja2 escaped what it put in."""
    return mark_safe(render_to_string(SUMMARY, {  # noqa: S308
        "summary": summary, "bars": bars(summary), "comments": comments}))
