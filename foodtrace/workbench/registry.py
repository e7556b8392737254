"""The one registration point of the workbench, and the collection of one person's items.

A provider is a function ``(ctx: Context) -> Iterable[Item]`` registered with ``@provider(roles=...)``. It
runs one or two set-based queries in the person's scope (``Model.objects.restrict(ctx.user)``) and, for a
city-level person, groups its count by district (``Context.by_district``) so the page can show one row per
district. Providers never render anything: the page (templates/workbench/board.html) does.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from foodtrace.accounts.roles import Role
from foodtrace.regions.scoping import Scope, ScopeLevel, scope_of

logger = logging.getLogger(__name__)


class Urgency(IntEnum):
    """Most urgent first: the page sorts by this, then by the earliest due time."""

    OVERDUE = 0  # a deadline has passed, or something is broken
    DUE = 1  # a deadline is near
    TO_DO = 2  # waiting for this person, no deadline passed
    NOTICE = 3  # worth knowing; nobody is late
    OK = 4  # an administrator's duty, checked and in order (shown even with nothing to do)

    @property
    def label(self) -> str:
        return str(URGENCY_LABELS[self])

    @property
    def css(self) -> str:
        return self.name.lower().replace("_", "-")


URGENCY_LABELS = {
    Urgency.OVERDUE: pgettext_lazy("workbench urgency", "Overdue"),
    Urgency.DUE: pgettext_lazy("workbench urgency", "Due soon"),
    Urgency.TO_DO: pgettext_lazy("workbench urgency", "To do"),
    Urgency.NOTICE: pgettext_lazy("workbench urgency", "Notice"),
    Urgency.OK: pgettext_lazy("workbench urgency", "In order"),
}


@dataclass(frozen=True)
class DistrictCount:
    """One district's share of an item: its count and the list filtered to that district."""

    district: str  # division code (GB/T 2260)
    count: int
    url: str


@dataclass(frozen=True)
class Item:
    """One line of the workbench. ``title`` is already translated (gettext), ``url`` leads to the thing
    itself (one case) or the list filtered to exactly what was counted."""

    key: str  # stable, "<app>.<what>": tests and the page's data-key find it by this
    title: str
    count: int | None = None  # None: a status line without a count (backup age, chain verification)
    url: str = ""
    urgency: Urgency = Urgency.TO_DO
    due: datetime | None = None  # the earliest deadline among the things counted
    detail: str = ""  # one more sentence (when it was last done, what to do)
    by_district: tuple[DistrictCount, ...] = ()  # for a city-level person; sums to ``count``

    @property
    def sort_key(self):
        far = datetime.max.replace(tzinfo=timezone.get_current_timezone())
        return (int(self.urgency), self.due or far, -(self.count or 0), self.key)


@dataclass(frozen=True)
class Context:
    """Who is asking and when; the helpers keep providers short and alike."""

    user: object
    now: datetime

    @property
    def scope(self) -> Scope:
        return scope_of(self.user)

    @property
    def today(self):
        return timezone.localdate(self.now)

    @property
    def role(self) -> str:
        return getattr(self.user, "role", "") or ""

    @property
    def wants_breakdown(self) -> bool:
        """A city-level person sees each count split by district."""
        return self.scope.level in (ScopeLevel.CITY, ScopeLevel.ALL)

    def by_district(self, rows: Iterable[tuple[str | None, int]],
                    url: Callable[[str], str]) -> tuple[DistrictCount, ...]:
        """``rows`` are (district code, count) from a GROUP BY; empty unless the person wants a breakdown."""
        if not self.wants_breakdown:
            return ()
        return tuple(DistrictCount(code, n, url(code)) for code, n in rows if code and n)


@dataclass(frozen=True)
class Provider:
    key: str
    func: Callable[[Context], Iterable[Item]]
    roles: frozenset[str]
    permission: str | None = None

    def applies_to(self, user) -> bool:
        role = getattr(user, "role", "") or ""
        if role not in self.roles:
            return False
        return self.permission is None or user.has_perm(self.permission)


_PROVIDERS: dict[str, Provider] = {}


def provider(*, roles: Iterable[str], permission: str | None = None, key: str | None = None):
    """Register ``func(ctx) -> Iterable[Item]`` for people of these roles (and, if given, with this
    permission). ``key`` defaults to the function's module and name; registering a key twice replaces it
    (a module imported again), it never adds the items twice."""
    role_values = frozenset(str(getattr(r, "value", r)) for r in roles)
    unknown = role_values - set(Role.values)
    if unknown:
        raise ValueError(f"unknown roles for a workbench provider: {sorted(unknown)}")

    def register(func):
        name = key or f"{func.__module__}.{func.__qualname__}"
        _PROVIDERS[name] = Provider(name, func, role_values, permission)
        return func

    return register


def providers() -> list[Provider]:
    return list(_PROVIDERS.values())


@dataclass
class BreakdownRow:
    code: str
    name: str
    cells: list[DistrictCount | None] = field(default_factory=list)


@dataclass
class Board:
    items: list[Item]
    empty_text: str
    breakdown_items: list[Item] = field(default_factory=list)
    breakdown_rows: list[BreakdownRow] = field(default_factory=list)

    def item(self, key: str) -> Item | None:
        return next((i for i in self.items if i.key == key), None)


EMPTY_TEXT = {
    Role.LAB_USER: _("No samples are waiting for you. Samples to test and results to report will appear "
                     "here once the risk-monitoring system sends them to your laboratory."),
}
DEFAULT_EMPTY_TEXT = _("Nothing is waiting for you today.")


def _run(prov: Provider, ctx: Context) -> list[Item]:
    try:
        return list(prov.func(ctx))
    except Exception:
        # One package's fault must not take everyone's home page down; the log names it.
        logger.exception("workbench provider %s failed", prov.key)
        return [Item(key=f"error.{prov.key}", urgency=Urgency.NOTICE,
                     title=str(_("One part of your workbench could not be computed; the operators have been "
                                 "told.")))]


def _district_rows(ctx: Context, items: list[Item]) -> list[BreakdownRow]:
    from foodtrace.regions.models import Region

    regions = Region.objects.filter(level=Region.Level.DISTRICT)
    if ctx.scope.level == ScopeLevel.CITY:
        regions = regions.filter(city_id=ctx.scope.city_id)
    rows = []
    for region in regions.order_by("code"):
        cells = [next((c for c in item.by_district if c.district == region.code), None) for item in items]
        rows.append(BreakdownRow(region.code, region.name, cells))
    return rows


def collect(user, *, now: datetime | None = None) -> Board:
    """Every item for this person at ``now`` (pass it to freeze time), most urgent first."""
    ctx = Context(user=user, now=now or timezone.now())
    items: list[Item] = []
    for prov in _PROVIDERS.values():
        if prov.applies_to(user):
            items.extend(i for i in _run(prov, ctx) if i.urgency == Urgency.OK or i.count is None or i.count > 0)
    items.sort(key=lambda i: i.sort_key)
    board = Board(items=items, empty_text=str(EMPTY_TEXT.get(ctx.role, DEFAULT_EMPTY_TEXT)))
    if ctx.wants_breakdown:
        board.breakdown_items = [i for i in items if i.by_district]
        if board.breakdown_items:
            board.breakdown_rows = _district_rows(ctx, board.breakdown_items)
    return board
