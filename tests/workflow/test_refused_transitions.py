"""An illegal transition or a role that may not take it is refused with a clear error, and nothing is written."""

import pytest

from foodtrace.audit.models import AuditEntry
from foodtrace.notify.models import Notification
from foodtrace.participation import services as reports
from foodtrace.participation.models import Report
from foodtrace.recall import services as recalls
from foodtrace.registry.models import LicenceStatus
from foodtrace.registry.services import licence_change_status
from foodtrace.workflow.services import IllegalTransition, TransitionForbidden, case_transition
from tests.conftest import make_business, make_licence, make_user
from tests.workflow.conftest import FRIDAY, file_report


def _written():
    return AuditEntry.objects.count(), Notification.objects.count()


def test_an_illegal_transition_names_the_state_and_writes_nothing(people):
    report = file_report()
    reports.report_close(actor=people["furong"], report_id=report.pk, note="重复举报")
    before, steps = _written(), report.steps.count()
    with pytest.raises(IllegalTransition) as caught:
        reports.report_reply(actor=people["furong"], report_id=report.pk, text="补充说明")
    assert "已办结" in " ".join(caught.value.messages) and "答复" in " ".join(caught.value.messages)
    with pytest.raises(IllegalTransition):
        case_transition(actor=people["furong"], case=report, transition="reopen")
    report.refresh_from_db()
    assert report.status == Report.Status.CLOSED and report.steps.count() == steps and _written() == before


def test_a_role_that_may_not_take_the_step_is_refused_and_nothing_is_written(people):
    report = file_report()
    before = _written()
    with pytest.raises(TransitionForbidden) as caught:
        reports.report_close(actor=people["inspector"], report_id=report.pk, note="x")  # not assigned to it
    assert str(caught.value) == "您的角色不能对此投诉举报执行「关闭」。"
    # Outside the actor's district the report does not exist for it.
    with pytest.raises(Report.DoesNotExist):
        reports.report_reply(actor=people["yuelu"], report_id=report.pk, text="x")
    report.refresh_from_db()
    assert report.status == Report.Status.RECEIVED and report.steps.count() == 1 and _written() == before


def test_a_refused_change_rolls_the_whole_transition_back(chain):
    recall = recalls.recall_start(lots=[chain.lots["F"]], level=1, reason="x", actor=chain.admin, now=FRIDAY)
    shop = make_user("business_user", business=chain.businesses["supermarket"])
    inspector = make_user("inspector", region="430100")
    before, steps = _written(), recall.steps.count()
    with pytest.raises(Exception) as caught:
        recalls.recall_party_complete(actor=shop, recall_id=recall.pk)  # not begun: the domain's own check refuses
    assert "started_at" in caught.value.message_dict
    with pytest.raises(TransitionForbidden):
        case_transition(actor=inspector, case=recall, transition="close", note="x")
    assert recall.steps.count() == steps and _written() == before
    assert recall.parties.get(business=chain.businesses["supermarket"]).state == "notified"


def test_a_revoked_licence_takes_no_further_step(db):
    regulator = make_user("district_regulator", region="430102")
    licence = make_licence(make_business("430102"))
    licence_change_status(actor=regulator, licence=licence, status=LicenceStatus.REVOKED, reason="吊销")
    licence.refresh_from_db()
    before = _written()
    with pytest.raises(IllegalTransition):
        case_transition(actor=regulator, case=licence, transition="restore", note="x")
    assert licence.status_changes.count() == 1 and _written() == before
