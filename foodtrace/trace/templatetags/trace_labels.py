from django import template

from foodtrace.trace import labels

register = template.Library()


@register.filter
def biz_step(value: str) -> str:  # the shared words (the built-in filter step_word is the same)
    return labels.biz_step(value or "")


@register.filter
def edge_kind(value: str) -> str:
    return str(labels.EDGE_KINDS.get(value, value))


@register.filter
def party_name(key: str, parties: dict) -> str:
    party = parties.get(key or "") or {}
    return party.get("name") or key or ""


@register.filter
def licence_status(value: str) -> str:
    from foodtrace.registry.models import LicenceStatus

    try:
        return str(LicenceStatus(value).label)
    except ValueError:
        return value or ""
