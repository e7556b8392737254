"""A problem report runs on the workflow: assigned to an inspector of the district, who handles it; an overdue
report is escalated by the real worker (the clock moved, not slept)."""

from datetime import timedelta

import pytest
from django_tasks_db.models import DBTaskResult

from foodtrace import workbench
from foodtrace.notify.models import Notification
from foodtrace.participation import selectors as report_selectors
from foodtrace.participation import services as reports
from foodtrace.participation.models import Report, ReportStep
from foodtrace.workflow import selectors
from tests.participation.conftest import verified_client
from tests.workflow.conftest import MONDAY, file_report, run_worker


def test_a_report_is_due_seven_working_days_after_it_arrived(people):
    report = file_report()  # Monday 2026-11-23: seven working days later is Wednesday 2026-12-02, due at 24:00
    assert report.status == Report.Status.RECEIVED and report.state_entered_at == MONDAY
    assert report.state_deadline.isoformat() == "2026-12-03T00:00:00+08:00"


def test_a_district_regulator_assigns_a_report_to_an_inspector_who_then_handles_it(people):
    report = file_report()
    furong = verified_client(people["furong"])
    page = furong.get(f"/participate/manage/reports/{report.pk}/").content.decode()
    # The form lists the district's inspectors (and handlers), not another district's.
    assert people["inspector"].username in page and people["inspector_2"].username in page
    assert people["yuelu_inspector"].username not in page
    furong.post(f"/participate/manage/reports/{report.pk}/assign/", {"user_id": people["inspector"].pk})
    report.refresh_from_db()
    assert report.assignee == people["inspector"] and report.status == Report.Status.ASSIGNED
    # Assigned: due 15 working days later (《市场监督管理投诉举报处理暂行办法》第二十三条).
    assert report.state_deadline > report.state_entered_at + timedelta(days=20)
    assert report in report_selectors.reports_for(people["inspector"], mine=True)

    inspector = verified_client(people["inspector"])
    page = inspector.get(f"/participate/manage/reports/{report.pk}/").content.decode()
    assert "manage_reply" not in page and f"/participate/manage/reports/{report.pk}/reply/" in page
    assert f"/participate/manage/reports/{report.pk}/assign/" not in page  # assigning stays with regulators
    assert "13912345678" in page  # the assigned handler sees the reporter's contact in full
    inspector.post(f"/participate/manage/reports/{report.pk}/reply/", {"text": "已到现场核查。"})
    inspector.post(f"/participate/manage/reports/{report.pk}/close/", {"note": "已责令整改。"})
    report.refresh_from_db()
    assert report.status == Report.Status.CLOSED and report.state_deadline is None
    assert list(report.steps.values_list("kind", "actor_name")) == [
        ("submitted", "public"), ("assigned", people["furong"].username),
        ("replied", people["inspector"].username), ("closed", people["inspector"].username)]


def test_another_inspector_of_the_district_may_not_handle_it(people):
    report = file_report()
    reports.report_assign(actor=people["furong"], report_id=report.pk, user_id=people["inspector"].pk)
    other = verified_client(people["inspector_2"])
    page = other.get(f"/participate/manage/reports/{report.pk}/").content.decode()
    assert f"/participate/manage/reports/{report.pk}/reply/" not in page
    assert other.post(f"/participate/manage/reports/{report.pk}/close/", {"note": "x"}).status_code == 403
    report.refresh_from_db()
    assert report.status == Report.Status.ASSIGNED and report.steps.count() == 2


def test_a_report_cannot_be_assigned_to_an_inspector_of_another_district(people):
    report = file_report()
    with pytest.raises(Exception) as caught:
        reports.report_assign(actor=people["furong"], report_id=report.pk, user_id=people["yuelu_inspector"].pk)
    assert "user_id" in caught.value.message_dict
    report.refresh_from_db()
    assert report.assignee is None and report.steps.count() == 1


def test_an_overdue_report_is_escalated_once_by_the_worker(committed_db, people):
    report = file_report()
    reports.report_assign(actor=people["furong"], report_id=report.pk, user_id=people["inspector"].pk,
                          now=MONDAY + timedelta(hours=1))
    report.refresh_from_db()
    deadline = report.state_deadline
    # Before the deadline the worker finds nothing to escalate.
    run_worker(deadline - timedelta(minutes=1))
    report.refresh_from_db()
    assert report.state_escalated_at is None
    assert not selectors.overdue_cases(people["furong"], now=deadline - timedelta(minutes=1))

    later = deadline + timedelta(minutes=6)  # past the deadline, and past the escalation job's 5-minute interval
    output = run_worker(later)
    assert "workflow.escalate_overdue" in output
    assert DBTaskResult.objects.filter(task_path__endswith="escalate_overdue_cases", status="SUCCESSFUL").exists()
    report.refresh_from_db()
    assert report.state_escalated_at == later and report.status == Report.Status.ASSIGNED
    escalated = report.steps.get(kind=ReportStep.Kind.ESCALATED)
    assert escalated.actor_name == "system" and escalated.at == later
    # The district's regulators and the city's administrators are told; the notice names the inspector.
    notices = Notification.objects.filter(kind="workflow.escalated", related_id=str(report.pk))
    assert sorted(notices.values_list("region_id", flat=True)) == ["430100", "430102"]
    assert all(people["inspector"].username in n.body for n in notices)
    # The workbench's selectors: the district and its inspector see it, another district does not.
    assert [item.case for item in selectors.escalated_cases(people["furong"])] == [report]
    assert [item.case for item in selectors.overdue_cases(people["inspector"], now=later, mine=True)] == [report]
    assert selectors.escalated_cases(people["yuelu"]) == []
    # ... and so do their workbenches, linking to the report itself.
    for person in (people["furong"], people["city"], people["inspector"]):
        line = workbench.collect(person, now=later).item("workflow.escalated.participation.report")
        assert line.count == 1 and line.url == f"/participate/manage/reports/{report.pk}/", person.role
        assert line.urgency == workbench.Urgency.OVERDUE
    assert workbench.collect(people["yuelu"], now=later).item("workflow.escalated.participation.report") is None
    assert workbench.collect(people["inspector_2"], now=later).item(
        "workflow.escalated.participation.report") is None
    # The reporter does not see the escalation on the status page.
    assert "escalated" not in [step["kind"] for step in report_selectors.public_steps(report)]

    # Once per state: the next run escalates nothing more.
    run_worker(later + timedelta(days=1))
    assert report.steps.filter(kind=ReportStep.Kind.ESCALATED).count() == 1
    assert Notification.objects.filter(kind="workflow.escalated").count() == 2
