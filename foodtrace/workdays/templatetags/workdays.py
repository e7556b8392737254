"""``{% deadline_basis start end %}``: beside a deadline, which calendar it was counted with — and, where it
ran into a year the calendar does not know, a visible warning that only weekends were skipped there."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from foodtrace.workdays.clock import basis_parts, stored_deadline_years

register = template.Library()


@register.simple_tag
def deadline_basis(start, end) -> str:
    if not (start and end):
        return ""
    used, warning = basis_parts(*stored_deadline_years(start, end))
    html = format_html('<span class="hint calendar-basis">{}</span>', used) if used else SafeString()
    if warning:
        html += format_html(' <strong class="error calendar-warning" role="note">{}</strong>', warning)
    return html
