"""The problem report (投诉举报) as a case of the workflow: received → assigned → replied → closed.

Deadlines (《市场监督管理投诉举报处理暂行办法》): 第十四条 — decide within 7 working days of receipt, so a
report not yet assigned is due 7 working days after it arrived; 第二十三条 — check a lead within 15 working
days, so an assigned report is due 15 working days after it was assigned. A replied report waits for its
closing without a deadline.

Who: regulators who may change reports (city, district) assign, reply and close; the user a report is assigned
to (an inspector of the district) replies and closes it too.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from foodtrace.accounts.principals import acting_user
from foodtrace.participation.models import Report, ReportStep
from foodtrace.workflow.declarations import CaseType, State, Transition, WorkingDays, register

CHANGE_REPORT = "participation.change_report"
S = Report.Status
OPEN = (S.RECEIVED, S.ASSIGNED, S.REPLIED)


def _timeline_row(report: Report, step) -> dict:
    assigning = step.transition is not None and step.transition.name == "assign"
    return {"report": report, "actor": acting_user(step.actor), "text": step.note if step.transition else "",
            "assignee": report.assignee if assigning else None}


def _responsible(report: Report):
    return [], [report.assignee.username] if report.assignee_id else []


REPORT = register(CaseType(
    name="participation.report",
    model=Report,
    label=_("problem report"),
    state_field="status",
    assignee_field="assignee",
    states=(
        State(S.RECEIVED, pgettext_lazy("report status", "Received"), WorkingDays(7)),
        State(S.ASSIGNED, pgettext_lazy("report status", "Being handled"), WorkingDays(15)),
        State(S.REPLIED, pgettext_lazy("report status", "Replied")),
        State(S.CLOSED, pgettext_lazy("report status", "Closed"), final=True),
    ),
    transitions=(
        # Assigning again (another handler) keeps the report's state and its deadline.
        Transition("assign", OPEN, lambda r: S.ASSIGNED if r.status == S.RECEIVED else r.status,
                   _("Assign"), permissions=(CHANGE_REPORT,), timeline_kind=ReportStep.Kind.ASSIGNED),
        Transition("reply", OPEN, S.REPLIED, _("Reply"), permissions=(CHANGE_REPORT,), assignee_field="assignee",
                   timeline_kind=ReportStep.Kind.REPLIED),
        Transition("close", OPEN, S.CLOSED, _("Close"), permissions=(CHANGE_REPORT,), assignee_field="assignee",
                   timeline_kind=ReportStep.Kind.CLOSED),
    ),
    timeline_model=ReportStep,
    timeline_row=_timeline_row,
    region_of=lambda report: report.district_id,
    link=lambda report: reverse("participation:manage_report", args=[report.pk]),
    responsible=_responsible,
    title_of=lambda report: report.tracking,
))
