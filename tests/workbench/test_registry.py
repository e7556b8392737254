"""The one registration point: apps plug in through their workbench.py, items come out most urgent first, and
one broken provider does not take the page down."""

from datetime import timedelta

import pytest
from django.utils import timezone

from foodtrace import workbench
from foodtrace.workbench import registry
from tests.conftest import make_user


@pytest.fixture
def scratch_providers(monkeypatch):
    """Providers registered by a test leave the real registry as it was."""
    monkeypatch.setattr(registry, "_PROVIDERS", dict(registry._PROVIDERS))


def test_each_package_contributes_through_its_own_workbench_module():
    modules = {p.func.__module__ for p in workbench.providers()}
    assert {"foodtrace.recall.workbench", "foodtrace.participation.workbench", "foodtrace.registry.workbench",
            "foodtrace.ledgers.workbench", "foodtrace.notify.workbench", "foodtrace.accounts.workbench",
            "foodtrace.audit.workbench", "foodtrace.workbench.workbench"} <= modules


def test_a_provider_with_an_unknown_role_is_refused():
    with pytest.raises(ValueError, match="unknown roles"):
        workbench.provider(roles=["chief_taster"])


@pytest.mark.django_db
def test_items_come_most_urgent_first_and_only_to_the_roles_named(scratch_providers):
    now = timezone.now()

    @workbench.provider(roles=["lab_user"], key="test.lab")
    def lab(ctx):
        yield workbench.Item(key="test.notice", title="notice", count=3, urgency=workbench.Urgency.NOTICE)
        yield workbench.Item(key="test.later", title="later", count=1, urgency=workbench.Urgency.DUE,
                             due=now + timedelta(days=3))
        yield workbench.Item(key="test.sooner", title="sooner", count=1, urgency=workbench.Urgency.DUE,
                             due=now + timedelta(days=1))
        yield workbench.Item(key="test.late", title="late", count=1, urgency=workbench.Urgency.OVERDUE)
        yield workbench.Item(key="test.nothing", title="nothing to do", count=0)

    lab_user = make_user("lab_user")
    assert [i.key for i in workbench.collect(lab_user).items] == ["test.late", "test.sooner", "test.later",
                                                                   "test.notice"]
    assert workbench.collect(make_user("inspector", region="430102")).item("test.late") is None


@pytest.mark.django_db
def test_a_failing_provider_becomes_one_line_not_a_broken_page(scratch_providers, caplog):
    @workbench.provider(roles=["lab_user"], key="test.broken")
    def broken(ctx):
        raise RuntimeError("database on fire")

    board = workbench.collect(make_user("lab_user"))
    assert board.item("error.test.broken") is not None
    assert "test.broken" in caplog.text


@pytest.mark.django_db
def test_a_lab_user_has_an_empty_state_with_a_sentence(client):
    from tests.conftest import log_in

    user = make_user("lab_user")
    log_in(client, user)
    response = client.get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="workbench-empty"' in page and "样品" in page
