"""The one transition service: every move of every case goes through ``case_transition``.

One transaction: the case is re-read through the actor's scope with a row lock, the actor's right to take the
transition is checked against the declaration, the move must be legal from the case's state, the domain's
change is applied, the case saved (the audit trail records it, attributed to the actor), its timeline row
written (audited too), the next deadline set, and its notices written to the inbox and webhook outbox; the
outbox is sent by the worker after commit (notify enqueues the delivery with ``transaction.on_commit``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from foodtrace.accounts.principals import acting_user, actor_name
from foodtrace.audit.context import attributed_to
from foodtrace.workflow import notices as notice_senders
from foodtrace.workflow.declarations import CaseType, Transition, case_type_of


class IllegalTransition(ValidationError):
    """The transition does not exist, or is not possible from the case's state (a ValidationError, so pages
    and the API show it like any other refused input)."""


class TransitionForbidden(PermissionDenied):
    """The actor's role may not take this transition."""


@dataclass
class Step:
    """What one transition did, handed to the declaration's hooks (timeline row, notices)."""

    case: object
    transition: Transition | None  # None: an escalation
    source: str
    target: str
    actor: object
    actor_name: str
    at: datetime
    note: str = ""
    detail: dict = field(default_factory=dict)


def may_take(actor, case, transition: Transition) -> bool:
    if actor is None:
        return False
    if any(actor.has_perm(perm) for perm in transition.permissions):
        return True
    if transition.roles and getattr(actor, "role", None) in transition.roles:
        return True
    if transition.assignee_field and acting_user(actor) is not None:
        return getattr(case, f"{transition.assignee_field}_id", None) == actor.pk
    return False


def _state_label(case_type: CaseType, value: str) -> str:
    try:
        return str(case_type.state(value).label)
    except KeyError:
        return value


def _illegal(case_type: CaseType, case, transition: Transition, state: str) -> IllegalTransition:
    return IllegalTransition(
        {"transition": _("%(case)s %(title)s is “%(state)s”: “%(transition)s” is not possible in that state.") % {
            "case": case_type.label, "title": case_type.title_of(case), "state": _state_label(case_type, state),
            "transition": transition.label}},
        code="illegal_transition")


def _locked(case_type: CaseType, actor, case):
    """The case re-read through the actor's scope, locked; ``Model.DoesNotExist`` outside the scope."""
    rows = case_type.model.objects.restrict(actor)
    if connection.features.has_select_for_update:
        rows = rows.select_for_update(of=("self",)) if connection.features.has_select_for_update_of \
            else rows.select_for_update()
    return rows.get(pk=case.pk)


def enter_state(case_type: CaseType, case, state: str, now: datetime) -> None:
    """Put ``case`` in ``state`` from ``now``: its deadline from the declaration, not yet escalated."""
    setattr(case, case_type.state_field, state)
    case.state_entered_at = now
    case.state_deadline = case_type.deadline_of(case, state, now)
    case.state_escalated_at = None


def case_open(case, *, now: datetime, state: str | None = None) -> None:
    """Start the clock of a new case (before its first save): the given state, or the one it holds."""
    case_type = case_type_of(case)
    enter_state(case_type, case, state or getattr(case, case_type.state_field), now)


def timeline_row(case_type: CaseType, step: Step, kind: str):
    """Write the timeline row of ``step`` (in the caller's transaction, attributed by the caller)."""
    model = case_type.timeline_model
    fields = {model.timeline_kind_field: kind, "at": step.at, "actor_name": step.actor_name,
              "detail": step.detail}
    fields.update(case_type.timeline_row(step.case, step))
    return model.objects.create(**fields)


def case_transition(*, actor, case, transition: str, note: str = "", detail: dict | None = None, now=None,
                    change: Callable[[object, datetime], None] | None = None):
    """Take ``transition`` on ``case`` as ``actor``; returns the case as saved.

    ``change(case, now)`` applies the domain's own fields (a closing note, quantities) to the locked case and
    may refuse with a ``ValidationError``: nothing is written then. Raises ``Model.DoesNotExist`` outside the
    actor's scope, ``TransitionForbidden`` when the actor may not take it, ``IllegalTransition`` when the
    case's state does not allow it.
    """
    case_type = case_type_of(case)
    try:
        declared = case_type.transition(transition)
    except KeyError:
        raise IllegalTransition({"transition": _("There is no such step: %(name)s.") % {"name": transition}},
                                code="unknown_transition") from None
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(case_type, actor, case)
        if not may_take(actor, locked, declared):
            raise TransitionForbidden(_("Your role may not take the step “%(transition)s” on this %(case)s.")
                                      % {"transition": declared.label, "case": case_type.label})
        source = getattr(locked, case_type.state_field)
        if source not in declared.sources:
            raise _illegal(case_type, locked, declared, source)
        if declared.guard is not None:
            declared.guard(actor, locked)
        if change is not None:
            change(locked, now)
        target = declared.target_of(locked)
        if target != source:
            enter_state(case_type, locked, target, now)
        step = Step(case=locked, transition=declared, source=source, target=target, actor=actor,
                    actor_name=actor_name(actor), at=now, note=(note or "").strip(), detail=dict(detail or {}))
        with attributed_to(actor):
            locked.save()
            timeline_row(case_type, step, declared.kind)
            if declared.notices is not None:
                notice_senders.send(declared.notices(locked, step), now)
    return locked
