"""One partial renders the timeline of every kind of case: a recall, a problem report, a licence."""

from django.template.loader import render_to_string
from django.utils import translation

from foodtrace.participation import services as reports
from foodtrace.recall import services as recalls
from foodtrace.registry.services import licence_change_status
from foodtrace.workflow.escalation import escalate_overdue
from tests.conftest import make_business, make_licence, make_user
from tests.participation.conftest import verified_client
from tests.workflow.conftest import FRIDAY, file_report


def _render(entries) -> str:
    with translation.override("zh-hans"):
        return render_to_string("workflow/timeline.html", {"entries": entries})


def test_the_partial_renders_recall_report_and_licence_timelines(chain, people):
    recall = recalls.recall_start(lots=[chain.lots["F"]], level=1, reason="x", actor=chain.admin, now=FRIDAY)
    escalate_overdue(recall.start_deadline + timedelta_minutes(1))
    html = _render(recall.steps.select_related("party__business").order_by("at", "id"))
    assert "启动召回" in html and "逾期：已督办" in html and "+08:00" in html
    assert chain.businesses["farm"].name in html and 'class="timeline-entry escalated"' in html

    report = file_report()
    reports.report_assign(actor=people["furong"], report_id=report.pk, user_id=people["inspector"].pk)
    reports.report_reply(actor=people["inspector"], report_id=report.pk, text="已到现场核查。")
    html = _render(report.steps.select_related("assignee").order_by("at", "id"))
    assert "已提交" in html and f"→ {people['inspector'].username}" in html and "已到现场核查。" in html

    regulator = make_user("district_regulator", region="430102")
    licence = make_licence(make_business("430102"))
    licence_change_status(actor=regulator, licence=licence, status="suspended", reason="后厨卫生不合格")
    html = _render(licence.status_changes.all())
    assert "有效 → 暂停" in html and "后厨卫生不合格" in html and regulator.username in html


def test_the_pages_show_the_partial(chain, people):
    report = file_report()
    page = verified_client(people["furong"]).get(f"/participate/manage/reports/{report.pk}/").content.decode()
    assert 'class="timeline"' in page and 'data-kind="submitted"' in page
    recall = recalls.recall_start(lots=[chain.lots["F"]], level=1, reason="x", actor=chain.admin, now=FRIDAY)
    page = verified_client(chain.admin).get(f"/recall/{recall.pk}/").content.decode()
    assert 'class="timeline"' in page and 'data-kind="started"' in page
    regulator = make_user("district_regulator", region="430102")
    licence = make_licence(make_business("430102"))
    licence_change_status(actor=regulator, licence=licence, status="suspended", reason="后厨卫生不合格")
    page = verified_client(regulator).get(f"/admin/registry/licence/{licence.pk}/change/").content.decode()
    assert 'class="timeline"' in page and "后厨卫生不合格" in page


def timedelta_minutes(n):
    from datetime import timedelta

    return timedelta(minutes=n)
