"""How a case type is declared: its states, its transitions (who may take them), and a deadline per state.

Plain dataclasses, no database: a domain package builds one ``CaseType`` for its model and registers it
(``register``) from its ``workflow.py``; the engine (``workflow.services``) reads nothing but these
declarations. The kernel imports no domain package — domains import the workflow, never the reverse.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Q

from foodtrace.workdays import working_deadline


@dataclass(frozen=True)
class WorkingDays:
    """A deadline ``days`` working days after the state was entered (24:00 local time of the last one)."""

    days: int

    def after(self, case, entered: datetime) -> datetime:
        return working_deadline(entered, self.days)


@dataclass(frozen=True)
class Hours:
    """A deadline ``hours`` clock hours after the state was entered."""

    hours: float

    def after(self, case, entered: datetime) -> datetime:
        return entered + timedelta(hours=self.hours)


@dataclass(frozen=True)
class FromCase:
    """A deadline the case itself carries (e.g. a recall's level decides it): ``deadline(case)``."""

    deadline: Callable[[object], datetime | None]

    def after(self, case, entered: datetime) -> datetime | None:
        return self.deadline(case)


@dataclass(frozen=True)
class State:
    value: str
    label: str  # gettext_lazy
    deadline: WorkingDays | Hours | FromCase | None = None
    final: bool = False


@dataclass(frozen=True)
class Transition:
    """One move a case may make.

    ``sources``: the states it may start from. ``target``: the state it ends in — a state value, or a callable
    ``target(case) -> value`` when it depends on where the case is (e.g. a business that reports quantities
    before saying it began has begun). ``permissions``: any one of these Django permissions lets an actor take
    it; ``roles``: so does any one of these roles; ``assignee_field``: so does the user named in that field of
    the case (e.g. the inspector a problem report is assigned to). ``guard(actor, case)`` may refuse further
    (raise ``PermissionDenied`` or ``ValidationError``). ``notices(case, step) -> [Notice]`` says whom to tell.
    ``timeline_kind``: the value written on the timeline row (defaults to the transition's name).
    """

    name: str
    sources: tuple[str, ...]
    target: str | Callable[[object], str]
    label: str  # gettext_lazy
    permissions: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    assignee_field: str = ""
    guard: Callable[[object, object], None] | None = None
    notices: Callable[[object, object], Iterable[Notice]] | None = None
    timeline_kind: str = ""

    def target_of(self, case) -> str:
        return self.target(case) if callable(self.target) else self.target

    @property
    def kind(self) -> str:
        return self.timeline_kind or self.name


@dataclass(frozen=True)
class Notice:
    """A notification to send through the platform's inbox and webhook outbox (written in the transition's
    transaction; the webhooks are then sent by the worker after commit)."""

    kind: str
    title: str
    body: str = ""
    link: str = ""
    businesses: tuple[int, ...] = ()
    regions: tuple[str, ...] = ()
    payload: dict | None = None
    related: tuple[str, object] | None = None
    per_business: dict | None = None


@dataclass(frozen=True)
class CaseType:
    """A kind of case: its model, states and transitions, and where its timeline goes.

    ``state_field``: the model field holding the state (``state`` from ``CaseMixin``, or an existing field such
    as ``status``). ``timeline_model``: a subclass of ``TimelineEntry``; ``timeline_row(case, step)`` returns the
    keyword arguments that tie a row to the case (e.g. ``{"recall": case.recall, "party": case}``) and carry
    what the row shows. ``region_of(case)``: the region code whose regulators answer for the case (a district,
    or the city). ``responsible(case)``: (business ids, names of users) who must act in the case's state now.
    ``active``: a filter on the model that excludes cases no longer running for reasons outside the state
    (e.g. the parties of a closed recall). ``link(case)``: the page of the case.
    """

    name: str  # "participation.report"
    model: type
    label: str
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]
    timeline_model: type
    timeline_row: Callable[[object, object], dict]
    region_of: Callable[[object], str]
    link: Callable[[object], str]
    state_field: str = "state"
    assignee_field: str = ""  # the user the case is assigned to, if it can be (selectors' ``mine``)
    responsible: Callable[[object], tuple[list[int], list[str]]] = lambda case: ([], [])
    active: Q = field(default_factory=Q)
    title_of: Callable[[object], str] = str

    def state(self, value: str) -> State:
        for state in self.states:
            if state.value == value:
                return state
        raise KeyError(f"{self.name} has no state {value!r}")

    def transition(self, name: str) -> Transition:
        for transition in self.transitions:
            if transition.name == name:
                return transition
        raise KeyError(f"{self.name} has no transition {name!r}")

    def deadline_of(self, case, state_value: str, entered: datetime) -> datetime | None:
        rule = self.state(state_value).deadline
        return rule.after(case, entered) if rule is not None else None

    def with_deadlines(self) -> tuple[State, ...]:
        return tuple(state for state in self.states if state.deadline is not None)


_REGISTRY: dict[str, CaseType] = {}


def register(case_type: CaseType) -> CaseType:
    """Declare a case type (from the domain's ``workflow.py``, imported by its AppConfig.ready)."""
    _REGISTRY[case_type.name] = case_type
    return case_type


def case_types() -> list[CaseType]:
    return list(_REGISTRY.values())


def case_type_of(case_or_model) -> CaseType:
    model = case_or_model if isinstance(case_or_model, type) else type(case_or_model)
    for case_type in _REGISTRY.values():
        if case_type.model is model:
            return case_type
    raise LookupError(f"{model.__name__} is not a declared case type")
