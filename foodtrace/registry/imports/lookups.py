"""Set-based lookups against the database: one query per kind of key for the whole file, never one per row."""

from collections.abc import Iterable, Iterator

from foodtrace.registry.models import Business

# Bind parameters per IN (...) query: below SQLite's default limit (32,766) and PostgreSQL's (65,535).
IN_CHUNK = 30_000


def in_chunks(values: Iterable) -> Iterator[list]:
    values = sorted(set(values))
    for start in range(0, len(values), IN_CHUNK):
        yield values[start:start + IN_CHUNK]


def existing(queryset, field_name: str, values: Iterable) -> set:
    """Which of ``values`` the queryset already holds in ``field_name`` (one query per chunk)."""
    found = set()
    for chunk in in_chunks(values):
        found.update(queryset.filter(**{f"{field_name}__in": chunk}).values_list(field_name, flat=True))
    return found


def business_lookup(actor, usccs: Iterable[str]) -> dict[str, tuple[int, str, str]]:
    """USCC -> (business id, district code, district name) for businesses the actor may see."""
    found = {}
    visible = Business.objects.restrict(actor)
    for chunk in in_chunks(usccs):
        for uscc, pk, district_id, district_name in visible.filter(uscc__in=chunk).values_list(
                "uscc", "pk", "district_id", "district__name"):
            found[uscc] = (pk, district_id, district_name)
    return found
