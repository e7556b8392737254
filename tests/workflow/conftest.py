"""Fixtures of the workflow tests: the recall tests' small chain and regulators of 芙蓉区 (430102)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from foodtrace.participation import services as reports
from tests.conftest import make_user
from tests.recall.chain import build_chain

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 11, 23, 9, 30, tzinfo=SHANGHAI)
FRIDAY = datetime(2026, 11, 20, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def chain(db):
    return build_chain()


@pytest.fixture
def people(db):
    return {"furong": make_user("district_regulator", region="430102"),
            "yuelu": make_user("district_regulator", region="430104"),
            "city": make_user("city_admin", region="430100"),
            "inspector": make_user("inspector", region="430102"),
            "inspector_2": make_user("inspector", region="430102"),
            "yuelu_inspector": make_user("inspector", region="430104")}


def file_report(now=MONDAY, district="430102"):
    """A problem report of the public about a shop in ``district``, received at ``now``."""
    data = reports.ReportInput(category="spoiled", description="买到的猪肉有异味。", product_name="冷鲜猪肉",
                               seller_name="某菜市场摊位", seller_district=district, contact_name="李小红",
                               contact_phone="13912345678")
    report, _check = reports.report_submit(data=data, photos=[], address="h" * 64, now=now)
    return report


def run_worker(now: datetime) -> str:
    """One pass of the real worker (manage.py worker --once): due periodic jobs enqueued on django-tasks'
    database backend and run by its db worker, with the clock moved to ``now``."""
    from io import StringIO

    out = StringIO()
    call_command("worker", "--once", "--now", now.isoformat(), "--worker-id", "test-worker", stdout=out)
    return out.getvalue()


def _migration(name: str):
    import importlib

    return importlib.import_module(name)


AUDIT_TRIGGERS = "foodtrace.audit.migrations.0002_append_only_triggers"
# The base data the migrations load, which emptying the database removes (content types and permissions come
# back by themselves).
BASE_DATA = (("foodtrace.regions.migrations.0002_load_changsha", "load_changsha"),
             ("foodtrace.registry.migrations.0002_product_categories", "load"))


@pytest.fixture
def _database_restored(django_db_setup, django_db_blocker):
    """After a committed test's database was emptied: the audit trail's append-only triggers and the base data
    the migrations load are put back, as the next test expects them."""
    yield
    from django.apps import apps
    from django.db import connection

    with django_db_blocker.unblock(), connection.schema_editor() as editor:
        _migration(AUDIT_TRIGGERS).forwards(None, editor)
        for module, function in BASE_DATA:
            getattr(_migration(module), function)(apps, editor)


@pytest.fixture
def committed_db(_database_restored, transactional_db):
    """A database whose writes commit, so the worker sees them as another process would.

    Emptying it afterwards deletes fresh audit entries, which the trail's triggers rightly refuse; they are
    lifted for that moment only and put back by ``_database_restored``.
    """
    yield
    from django.db import connection

    with connection.schema_editor() as editor:
        _migration(AUDIT_TRIGGERS).backwards(None, editor)
