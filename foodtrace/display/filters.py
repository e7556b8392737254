"""Template filters every Django template has without ``{% load %}`` (settings.TEMPLATES "builtins"), so that
a page shows a time or a code one way only:

    {{ value|beijing }}            2026-12-03 17:30 +08:00      ({{ value|beijing:"second" }} with seconds)
    {{ value|moment }}             <time datetime="2026-12-03T17:30:00+08:00">2026-12-03 17:30 +08:00</time>
    {{ value|beijing_day }}        2026-12-03 (the Beijing calendar day)
    {{ code|unit_word }}           千克
    {{ quantity|quantity:code }}   120.5 千克
    {{ step|step_word }}           发货          {{ value|disposition_word }}  在途
    {{ event|event_word }}         发货 (an event dict with type, action, bizStep)
    {{ event|event_term }}         ObjectEvent OBSERVE shipping (for title=)

The public look-up's Jinja2 pages have the same names (foodtrace/jinja2.py).
"""

from django import template
from django.utils.html import format_html

from foodtrace.display import times, words

register = template.Library()


@register.filter
def beijing(value, precision="minute"):
    return times.beijing(value, precision or "minute")


@register.filter
def beijing_iso(value):
    return times.beijing_iso(value)


@register.filter
def beijing_day(value):
    return times.beijing_day(value)


@register.filter
def moment(value, precision="minute"):
    if value is None or value == "":
        return ""
    return format_html('<time datetime="{}">{}</time>', times.beijing_iso(value),
                       times.beijing(value, precision or "minute"))


@register.filter
def recorded_offset(offset):
    return times.recorded_offset_note(offset)


@register.filter
def unit_word(code):
    return words.unit_word(code)


@register.filter
def quantity(value, code=""):
    return words.quantity_text(value, code)


@register.filter
def step_word(value):
    return words.biz_step_word(value)


@register.filter
def disposition_word(value):
    return words.disposition_word(value)


def _parts(event) -> tuple:
    get = event.get if isinstance(event, dict) else (lambda name, default=None: getattr(event, name, default))
    return (get("type") or get("event_type"), get("action"), get("bizStep") or get("biz_step"))


@register.filter
def event_word(event):
    return words.event_word(*_parts(event)) if event else ""


@register.filter
def event_term(event):
    return words.event_term(*_parts(event)) if event else ""
