"""``{% deadline_basis start end %}``: beside a deadline, which calendar it was counted with — and, where it
ran into a year the calendar does not know, a visible warning that only weekends were skipped there."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from foodtrace.workdays.clock import stored_deadline_parts

register = template.Library()


@register.simple_tag
def deadline_basis(start, end, days=None) -> str:
    """``days``: the number of working days the deadline was counted with, if the page knows it (then a
    calendar changed since is noticed, see ``clock.stored_deadline_parts``)."""
    if not (start and end):
        return ""
    used, warning = stored_deadline_parts(start, end, days)
    html = format_html('<span class="hint calendar-basis">{}</span>', used) if used else SafeString()
    if warning:
        html += format_html(' <strong class="error calendar-warning" role="note">{}</strong>', warning)
    return html
