"""The worker: webhook delivery and escalation run in it, periodic jobs are enqueued once per interval however
many workers run, and it runs as its own process."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from foodtrace.notify.models import WebhookDelivery, WebhookEndpoint
from foodtrace.participation.models import Report
from foodtrace.recall import services as recalls
from foodtrace.workflow.models import PeriodicJob
from foodtrace.workflow.schedule import enqueue_due
from tests.notify.test_notify import receiver  # noqa: F401 (the real HTTP receiver fixture)
from tests.workflow.conftest import FRIDAY, MONDAY, file_report, run_worker

ROOT = Path(__file__).resolve().parents[2]


def test_a_periodic_job_is_enqueued_once_per_interval_whatever_the_number_of_workers(db):
    assert sorted(enqueue_due(now=MONDAY, worker_id="a")) == [
        "notify.deliver_webhooks", "workflow.escalate_overdue", "workflow.prune_task_results"]
    assert enqueue_due(now=MONDAY, worker_id="b") == []  # the second worker at the same moment: nothing
    assert enqueue_due(now=MONDAY + timedelta(seconds=31), worker_id="b") == ["notify.deliver_webhooks"]
    assert sorted(enqueue_due(now=MONDAY + timedelta(minutes=5), worker_id="a")) == [
        "notify.deliver_webhooks", "workflow.escalate_overdue"]
    assert DBTaskResult.objects.filter(task_path__endswith="escalate_overdue_cases").count() == 2
    assert PeriodicJob.objects.get(name="workflow.escalate_overdue").last_worker == "a"


def test_a_transitions_webhooks_are_sent_by_the_worker_after_commit(committed_db, chain, receiver):  # noqa: F811
    shop = chain.businesses["supermarket"]
    WebhookEndpoint.objects.create(business=shop, url=receiver.url, secret="k")
    recall = recalls.recall_start(lots=[chain.lots["F"]], level=1, reason="x", actor=chain.admin, now=FRIDAY)
    recalls.recall_close(actor=chain.admin, recall_id=recall.pk, note="已处置")
    # The commits asked the worker to deliver (no periodic run needed for a fresh change).
    assert DBTaskResult.objects.filter(task_path__endswith="deliver_webhooks", status="READY").count() == 2
    PeriodicJob.objects.update_or_create(name="notify.deliver_webhooks",
                                         defaults={"next_run_at": FRIDAY + timedelta(days=3650)})
    run_worker(FRIDAY)
    assert sorted(r[1]["X-FoodTrace-Event"] for r in receiver.requests) == ["recall.closed", "recall.started"]
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"delivered"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a second process needs a database it can open")
def test_the_worker_runs_as_its_own_process(committed_db, people):
    report = file_report()
    late = report.state_deadline + timedelta(hours=1)
    settings = connection.settings_dict
    password = f":{quote(settings['PASSWORD'])}" if settings.get("PASSWORD") else ""
    url = f"postgres://{quote(settings['USER'])}{password}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    env = {**os.environ, "DATABASE_URL": url}
    result = subprocess.run([sys.executable, "manage.py", "worker", "--once", "--now", late.isoformat()],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    report = Report.objects.get(pk=report.pk)
    assert report.state_escalated_at == late and report.steps.filter(kind="escalated").count() == 1
