"""Reads of cases across case types, in the principal's scope (the workbench shows these)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from foodtrace.workflow.declarations import CaseType, case_types


@dataclass(frozen=True)
class CaseItem:
    case_type: CaseType
    case: object
    title: str
    state: str
    state_label: str
    deadline: datetime | None
    escalated_at: datetime | None
    link: str


def _visible(case_type: CaseType, principal, mine: bool):
    meta = case_type.model._meta
    if principal is None or not principal.has_perm(f"{meta.app_label}.view_{meta.model_name}"):
        return None
    rows = case_type.model.objects.restrict(principal).filter(case_type.active)
    final = [state.value for state in case_type.states if state.final]
    rows = rows.exclude(**{f"{case_type.state_field}__in": final})
    if mine:
        if not case_type.assignee_field:
            return None
        rows = rows.filter(**{f"{case_type.assignee_field}_id": getattr(principal, "pk", None)})
    return rows


def _items(case_type: CaseType, rows, limit: int) -> list[CaseItem]:
    items = []
    for case in rows.order_by("state_deadline", "pk")[:limit]:
        state = getattr(case, case_type.state_field)
        items.append(CaseItem(case_type, case, case_type.title_of(case), state, str(case_type.state(state).label),
                              case.state_deadline, case.state_escalated_at, case_type.link(case)))
    return items


def overdue_cases(principal, *, now=None, mine: bool = False, limit: int = 100) -> list[CaseItem]:
    """Open cases in the principal's scope past their state's deadline, most overdue first (``mine``: only
    those assigned to the principal)."""
    now = now or timezone.now()
    items = []
    for case_type in case_types():
        rows = _visible(case_type, principal, mine)
        if rows is not None and case_type.with_deadlines():
            items += _items(case_type, rows.filter(state_deadline__lt=now), limit)
    return sorted(items, key=lambda item: item.deadline)[:limit]


def escalated_cases(principal, *, mine: bool = False, limit: int = 100) -> list[CaseItem]:
    """Open cases in the principal's scope escalated in their current state, most overdue first."""
    items = []
    for case_type in case_types():
        rows = _visible(case_type, principal, mine)
        if rows is not None and case_type.with_deadlines():
            items += _items(case_type, rows.filter(state_escalated_at__isnull=False), limit)
    return sorted(items, key=lambda item: item.deadline or item.escalated_at)[:limit]


def overdue_counts(principal, *, now=None) -> dict[str, int]:
    """Case type name → number of overdue open cases in scope (one COUNT per case type)."""
    now = now or timezone.now()
    counts = {}
    for case_type in case_types():
        rows = _visible(case_type, principal, False)
        if rows is not None and case_type.with_deadlines():
            counts[case_type.name] = rows.filter(state_deadline__lt=now).count()
    return counts

