"""A recall runs on the workflow: each business's part moves notified → acknowledged → begun → completed, the
parties that miss the start deadline are escalated by the real worker (the clock moved), the recall closes."""

from datetime import timedelta

from foodtrace.audit.models import AuditEntry
from foodtrace.notify.models import Notification
from foodtrace.recall import services
from foodtrace.recall.models import Recall, RecallParty, RecallStep
from foodtrace.workflow import selectors
from tests.conftest import make_user
from tests.workflow.conftest import FRIDAY, run_worker

REACHED = ("farm", "processor", "market", "supermarket", "restaurant")


def test_a_recall_with_its_parties_runs_and_late_parties_are_escalated_by_the_worker(committed_db, chain):
    recall = services.recall_start(lots=[chain.lots["F"]], level=1, reason="沙门氏菌超标", actor=chain.admin,
                                   now=FRIDAY)
    assert recall.status == Recall.Status.OPEN and recall.state_deadline == recall.finish_deadline
    parties = {role: recall.parties.get(business=chain.businesses[role]) for role in REACHED}
    assert {p.state for p in parties.values()} == {RecallParty.State.NOTIFIED}
    assert {p.state_deadline for p in parties.values()} == {recall.start_deadline}  # level 1: 24 hours

    shop = make_user("business_user", business=chain.businesses["supermarket"])
    party = services.recall_party_acknowledge(actor=shop, recall_id=recall.pk, now=FRIDAY + timedelta(hours=1))
    assert party.state == RecallParty.State.ACKNOWLEDGED
    party = services.recall_party_start(actor=shop, recall_id=recall.pk, now=FRIDAY + timedelta(hours=2))
    assert party.state == RecallParty.State.BEGUN and party.state_deadline == recall.finish_deadline

    # The start deadline passes: the worker escalates the four parties that have not begun, not the shop.
    late = recall.start_deadline + timedelta(minutes=10)
    run_worker(late)
    escalated = set(RecallParty.objects.filter(state_escalated_at=late).values_list("business_id", flat=True))
    assert escalated == {chain.businesses[r].pk for r in REACHED if r != "supermarket"}
    rows = RecallStep.objects.filter(recall=recall, action=RecallStep.Action.ESCALATED)
    assert rows.count() == 4 and {r.actor_name for r in rows} == {"system"}
    # Each late business is told in its own inbox; the regulators of its district and the city are told too.
    notices = Notification.objects.filter(kind="workflow.escalated")
    assert set(notices.exclude(business=None).values_list("business_id", flat=True)) == escalated
    assert "430100" in set(notices.exclude(region=None).values_list("region_id", flat=True))
    assert AuditEntry.objects.filter(object_type="recall.recallparty", action="update",
                                     changes__count=4).exists()
    # The workbench selector: the city sees the four overdue parties; the shop sees none of its own.
    assert len([i for i in selectors.escalated_cases(chain.admin) if i.case_type.name == "recall.recallparty"]) == 4
    assert selectors.escalated_cases(shop) == []

    # The late farm begins: a new state, a new deadline, no longer escalated.
    farm = make_user("business_user", business=chain.businesses["farm"])
    party = services.recall_party_start(actor=farm, recall_id=recall.pk, now=late + timedelta(hours=1))
    assert party.state == RecallParty.State.BEGUN and party.state_escalated_at is None

    # The shop completes; the regulators close the recall; its parties are no longer running.
    services.recall_party_report(actor=shop, recall_id=recall.pk, recovered=10, destroyed=2,
                                 now=late + timedelta(hours=2))
    party = services.recall_party_complete(actor=shop, recall_id=recall.pk, now=late + timedelta(hours=3))
    assert party.state == RecallParty.State.COMPLETED and party.state_deadline is None
    recall = services.recall_close(actor=chain.admin, recall_id=recall.pk, note="风险已控制",
                                   now=late + timedelta(days=1))
    assert recall.status == Recall.Status.CLOSED and recall.state_deadline is None
    closed = RecallStep.objects.get(recall=recall, action=RecallStep.Action.CLOSED)
    assert closed.detail == {"note": "风险已控制", "parties_not_completed": 4}
    run_worker(recall.finish_deadline + timedelta(days=1))
    assert RecallStep.objects.filter(action=RecallStep.Action.ESCALATED).count() == 4
    assert selectors.overdue_cases(chain.admin, now=recall.finish_deadline + timedelta(days=1)) == []
