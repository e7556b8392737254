"""Each package's items: what they count, how urgent they are, and where their links lead."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from foodtrace import workbench
from foodtrace.ledgers.models import LedgerUpload
from foodtrace.notify.models import WebhookDelivery, WebhookEndpoint
from tests.conftest import log_in, make_business, make_licence, make_user
from tests.workbench.conftest import make_party, make_recall, make_report, make_upload


def keys(board) -> list[str]:
    return [i.key for i in board.items]


@pytest.mark.django_db
def test_licences_expired_and_expiring_for_the_district_and_the_business_itself():
    shop = make_business("430102")
    expired = make_licence(shop, valid_until=date.today() - timedelta(days=1))
    make_licence(make_business("430102"), valid_until=date.today() + timedelta(days=10))
    make_licence(make_business("430102"), valid_until=date.today() + timedelta(days=400))  # not yet
    make_licence(make_business("430102"), valid_until=date.today() - timedelta(days=3), status="revoked")

    board = workbench.collect(make_user("district_regulator", region="430102"))
    assert board.item("registry.licences_expired").count == 1
    expiring = board.item("registry.licences_expiring")
    assert expiring.count == 1 and expiring.urgency == workbench.Urgency.DUE and expiring.due > timezone.now()
    assert keys(board).index("registry.licences_expired") < keys(board).index("registry.licences_expiring")

    own = workbench.collect(make_user("business_user", business=shop)).item("registry.licences_expired")
    assert own.count == 1 and own.url == f"/admin/registry/licence/{expired.pk}/change/"
    inspector = workbench.collect(make_user("inspector", region="430102"))
    assert inspector.item("registry.licences_expired").count == 1
    assert inspector.item("registry.licences_expiring") is None


@pytest.mark.django_db
def test_a_business_sees_its_recall_notice_to_acknowledge_until_it_has_started(client):
    shop = make_business("430102")
    recall = make_recall("430102")
    party = make_party(recall, shop)
    user = make_user("business_user", business=shop)

    item = workbench.collect(user).item("recall.to_start")
    assert item.count == 1 and item.url == f"/recall/{recall.pk}/" and item.due == recall.start_deadline
    assert item.urgency == workbench.Urgency.DUE
    late = workbench.collect(user, now=recall.start_deadline + timedelta(minutes=1)).item("recall.to_start")
    assert late.urgency == workbench.Urgency.OVERDUE

    party.acknowledged_at = party.started_at = timezone.now()
    party.save()
    board = workbench.collect(user)
    assert board.item("recall.to_start") is None and board.item("recall.to_finish").count == 1


@pytest.mark.django_db
def test_regulators_see_the_businesses_of_their_district_late_with_a_recall(otp_verified):
    recall = make_recall("430104", started=timezone.now() - timedelta(days=5))
    make_party(recall, make_business("430102"))
    make_party(recall, make_business("430104"))
    on_time = make_recall("430102")
    make_party(on_time, make_business("430102"))

    furong = make_user("district_regulator", region="430102")
    item = workbench.collect(furong).item("recall.overdue_parties")
    assert item.count == 1 and item.urgency == workbench.Urgency.OVERDUE
    # The link lists the late recall and not the one on time.
    page = otp_verified(furong).get(item.url).content.decode()
    assert recall.number in page and on_time.number not in page


@pytest.mark.django_db
def test_reports_waiting_for_a_handler_and_reports_assigned_to_me():
    inspector = make_user("inspector", region="430102")
    waiting = make_report("430102", created_at=timezone.now() - timedelta(days=1))
    make_report("430102", assignee=inspector, status="assigned")
    make_report("430102", assignee=inspector, status="closed")

    regulator_board = workbench.collect(make_user("district_regulator", region="430102"))
    item = regulator_board.item("participation.unassigned")
    assert item.count == 1 and item.url == f"/participate/manage/reports/{waiting.pk}/"
    # 《市场监督管理投诉举报处理暂行办法》第十四条: decided within seven working days of receipt.
    assert timedelta(days=7) <= item.due - waiting.created_at <= timedelta(days=16)
    mine = workbench.collect(inspector).item("participation.mine")
    assert mine.count == 1
    assert workbench.collect(inspector).item("participation.unassigned") is None


@pytest.mark.django_db
def test_a_business_sees_refused_uploads_since_its_last_good_one_and_a_reminder_when_it_records_nothing():
    shop = make_business("430102")
    user = make_user("business_user", business=shop)
    assert workbench.collect(user).item("ledgers.reminder") is not None  # nothing recorded yet

    refused = make_upload(shop)
    board = workbench.collect(user)
    assert board.item("ledgers.refused").count == 1 and board.item("ledgers.refused").url == (
        f"/ledgers/uploads/{refused.pk}/")
    make_upload(shop, status=LedgerUpload.Status.SUCCESS)
    board = workbench.collect(user)
    assert board.item("ledgers.refused") is None and board.item("ledgers.reminder") is None
    # A week later without a ledger, the reminder is back.
    assert workbench.collect(user, now=timezone.now() + timedelta(days=8)).item("ledgers.reminder") is not None


@pytest.mark.django_db
def test_a_business_sees_its_webhook_failing():
    shop = make_business("430102")
    endpoint = WebhookEndpoint.objects.create(business=shop, url="https://example.invalid/hook", secret="s")
    user = make_user("business_user", business=shop)
    WebhookDelivery.objects.create(endpoint=endpoint, event_type="recall.started", payload={})
    assert workbench.collect(user).item("notify.webhooks_failing") is None  # not tried yet
    WebhookDelivery.objects.create(endpoint=endpoint, event_type="recall.started", payload={}, attempts=2,
                                   last_error="connection refused")
    item = workbench.collect(user).item("notify.webhooks_failing")
    assert item.count == 1 and item.url == "/inbox/webhooks/"


@pytest.mark.django_db
def test_the_security_administrator_sees_locked_accounts_and_missing_second_factors():
    from django_otp.plugins.otp_totp.models import TOTPDevice

    security = make_user("security_admin", region=None)
    regulator = make_user("district_regulator", region="430102")
    board = workbench.collect(security)
    assert regulator.username in board.item("accounts.second_factor_missing").url
    assert board.item("accounts.locked").urgency == workbench.Urgency.OK
    for user in (security, regulator):
        TOTPDevice.objects.create(user=user, name="t", confirmed=True)
    assert workbench.collect(security).item("accounts.second_factor_missing").urgency == workbench.Urgency.OK

    browser = Client()
    for _attempt in range(5):
        browser.post("/accounts/login/", {"username": regulator.username, "password": "wrong"})
    locked = workbench.collect(security).item("accounts.locked")
    assert locked.count == 1 and regulator.username in locked.url


@pytest.mark.django_db
def test_the_system_administrator_is_told_there_is_no_backup_and_which_jobs_failed():
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    sysadmin = make_user("system_admin")
    board = workbench.collect(sysadmin)
    assert board.item("system.backup").urgency == workbench.Urgency.DUE
    assert board.item("system.jobs").urgency == workbench.Urgency.OK
    DBTaskResult.objects.create(status=TaskResultStatus.FAILED, finished_at=timezone.now(), args_kwargs={},
                                task_path="foodtrace.notify.tasks.deliver", backend_name="default",
                                run_after=timezone.now(), exception_class_path="builtins.OSError",
                                traceback="OSError")
    item = workbench.collect(sysadmin).item("system.jobs_failed")
    assert item.count == 1 and item.urgency == workbench.Urgency.OVERDUE and "status__exact=FAILED" in item.url


@pytest.mark.django_db
def test_a_lab_user_is_never_refused_and_has_nothing_but_the_empty_state(client):
    lab = make_user("lab_user")
    assert workbench.collect(lab).items == []
    log_in(client, lab)
    assert client.get("/").status_code == 200
