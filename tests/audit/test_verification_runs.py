"""The audit list speaks Chinese, verifies the chain at the press of a button, and every verification run is
kept, so the audit administrator's workbench shows the last one."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from foodtrace import workbench
from foodtrace.audit.models import AuditEntry, AuditVerification
from tests.audit.test_audit_chain import disable_guard
from tests.conftest import make_business, make_user


@pytest.mark.django_db
def test_the_audit_list_shows_roles_and_actions_in_chinese(otp_verified):
    auditor = make_user("audit_admin", region=None)
    browser = otp_verified(auditor)
    make_business(name="审计列表企业")
    page = browser.get("/admin/audit/auditentry/").content.decode()
    assert "审计管理员" in page and "登录" in page and "新建" in page
    assert ">login<" not in page and ">audit_admin<" not in page


@pytest.mark.django_db
def test_the_button_verifies_the_chain_and_the_run_is_kept_and_shown_on_the_workbench(otp_verified):
    auditor = make_user("audit_admin", region=None)
    assert workbench.collect(auditor).item("audit.chain").urgency == workbench.Urgency.DUE  # never verified
    browser = otp_verified(auditor)
    response = browser.post("/admin/audit/auditentry/verify/", follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and "审计链完整" in page and 'data-testid="last-verification"' in page
    run = AuditVerification.objects.get()
    assert run.ok and run.by_name == auditor.username and run.checked > 0 and run.first_bad_index is None
    # The run itself is in the trail it checked.
    assert AuditEntry.objects.filter(action="verify", object_id=str(run.pk), actor_name=auditor.username).exists()
    item = workbench.collect(auditor).item("audit.chain")
    assert item.urgency == workbench.Urgency.OK and auditor.username in item.detail


@pytest.mark.django_db
def test_a_broken_chain_names_its_first_bad_entry_on_the_workbench():
    for i in range(3):
        make_business(name=f"链条企业{i}")
    victim = AuditEntry.objects.order_by("chain_index").values_list("chain_index", flat=True)[1]
    with connection.cursor() as cursor:
        disable_guard(cursor)
        cursor.execute("UPDATE audit_auditentry SET actor_name = 'someone-else' WHERE chain_index = %s", [victim])
    with pytest.raises(CommandError):
        call_command("audit_verify", stdout=None, stderr=None)
    run = AuditVerification.objects.get()
    assert not run.ok and run.first_bad_index == victim and run.source == "cli:audit_verify"
    item = workbench.collect(make_user("audit_admin", region=None)).item("audit.chain")
    assert item.urgency == workbench.Urgency.OVERDUE and f"#{victim}" in item.title


@pytest.mark.django_db
def test_only_the_audit_administrator_may_press_the_button(otp_verified):
    browser = otp_verified(make_user("system_admin"))
    assert browser.post("/admin/audit/auditentry/verify/").status_code == 403
    assert not AuditVerification.objects.exists()
