"""Reading recalls: which a principal sees, which parties of one, its own part, who steers it, the timeline
steps it may read, and each party's progress and lateness."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from foodtrace.accounts.principals import require
from foodtrace.recall.models import Recall, RecallParty
from foodtrace.regions.scoping import ScopeLevel, scope_of


def recalls(principal, *, status: str = ""):
    require(principal, "recall.view_recall")
    qs = Recall.objects.restrict(principal).select_related("district")
    if status:
        qs = qs.filter(status=status)
    return qs


def narrowed(principal, rows, *, district: str = "", overdue: bool = False, now=None):
    """The list's filters: recalls steered by or reaching ``district``; recalls with a party of the
    principal's area (of ``district``, if given) that missed a deadline at ``now``."""
    if district:
        reached = RecallParty.objects.filter(business__district_id=district).values("recall_id")
        rows = rows.filter(Q(district_id=district) | Q(pk__in=reached))
    if overdue:
        late = RecallParty.objects.restrict(principal).overdue(now or timezone.now())
        if district:
            late = late.filter(business__district_id=district)
        rows = rows.filter(pk__in=late.values("recall_id"))
    return rows


def get_recall(principal, recall_id: int) -> Recall:
    """Raises Recall.DoesNotExist for a recall the principal does not see."""
    return recalls(principal).get(pk=recall_id)


def parties(principal, recall: Recall):
    """All parties for the region that steers the recall and the city; otherwise the principal's own
    district's parties (a reached district) or its own part (a business)."""
    require(principal, "recall.view_recallparty")
    qs = RecallParty.objects.filter(recall=recall).select_related("business", "business__district")
    if sees_all_parties(principal, recall):
        return qs
    if scope_of(principal).level == ScopeLevel.NONE:
        return qs.none()
    return qs.restrict(principal)


def party_of(principal, recall_id: int) -> RecallParty:
    """The principal's own part of a recall (raises RecallParty.DoesNotExist otherwise)."""
    scope = scope_of(principal)
    if scope.level != ScopeLevel.BUSINESS:
        raise RecallParty.DoesNotExist
    return RecallParty.objects.select_related("recall").get(recall_id=recall_id, business_id=scope.business_id)


def sees_all_parties(principal, recall: Recall) -> bool:
    """The regulators of the responsible region (or the city) steer a recall and see all its parties."""
    if principal is None or not principal.has_perm("recall.view_recall"):
        return False
    scope = scope_of(principal)
    if scope.level in (ScopeLevel.CITY, ScopeLevel.ALL):
        return recall.district.city_id == scope.city_id or scope.level == ScopeLevel.ALL
    return scope.level == ScopeLevel.DISTRICT and recall.district_id == scope.district_id


def steps(principal, recall: Recall, parties: list[RecallParty]):
    """The recall's timeline as the principal may read it: all of it for those who steer the recall; the
    recall's own steps and those of the ``parties`` it sees otherwise."""
    rows = recall.steps.select_related("party__business")
    if sees_all_parties(principal, recall):
        return rows
    return rows.filter(Q(party__isnull=True) | Q(party__in=[party.pk for party in parties]))


@dataclass
class Progress:
    party: RecallParty
    start_overdue: bool  # not acknowledged or not started, and the start deadline has passed
    finish_overdue: bool  # not completed, and the finish deadline has passed
    started_late: bool  # started, but after the start deadline
    completed_late: bool  # completed, but after the finish deadline

    @property
    def overdue(self) -> bool:
        return self.start_overdue or self.finish_overdue


def progress(recall: Recall, party: RecallParty, *, now=None) -> Progress:
    """A party's lateness at ``now`` (pass it to freeze time; a closed recall is overdue for no one)."""
    now = now or timezone.now()
    is_open = recall.is_open
    not_started = party.acknowledged_at is None or party.started_at is None
    return Progress(
        party=party,
        start_overdue=is_open and not_started and now > recall.start_deadline,
        finish_overdue=is_open and party.completed_at is None and now > recall.finish_deadline,
        started_late=party.started_at is not None and party.started_at > recall.start_deadline,
        completed_late=party.completed_at is not None and party.completed_at > recall.finish_deadline,
    )


def progress_table(recall: Recall, rows, *, now=None) -> list[Progress]:
    now = now or timezone.now()
    return [progress(recall, party, now=now) for party in rows]


def summary(rows: list[Progress]) -> dict:
    return {
        "parties": len(rows),
        "acknowledged": sum(1 for r in rows if r.party.acknowledged_at),
        "started": sum(1 for r in rows if r.party.started_at),
        "completed": sum(1 for r in rows if r.party.completed_at),
        "overdue": sum(1 for r in rows if r.overdue),
    }


def district_name(code: str) -> str:
    """The name shown beside a list filtered to one district (blank for none or an unknown code)."""
    from foodtrace.regions.models import Region

    return Region.objects.filter(pk=code).values_list("name", flat=True).first() or "" if code else ""
