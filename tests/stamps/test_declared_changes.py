"""Packages declare in their own page_stamps.py which changes make cached pages stale; the stamps follow the
declarations (after commit), with no list in the public site."""

import importlib.util
from pathlib import Path

import pytest
from django.apps import apps

from foodtrace.audit.context import acting_as_system
from foodtrace.audit.recorder import record_bulk
from foodtrace.registry.models import Business, Product
from foodtrace.stamps import store as stamps
from tests.conftest import make_business


@pytest.fixture
def db_stamps(settings):
    settings.FOODTRACE_PUBLIC_STAMPS = "db"  # the table, so that every test starts from no stamps


def stamped(*names) -> dict[str, bool]:
    return {name: at > 0 for name, at in stamps.read(names).items()}


def test_every_package_that_stamps_pages_declares_it_in_its_own_module():
    declaring = {config.label for config in apps.get_app_configs()
                 if config.name.startswith("foodtrace.") and (Path(config.path) / "page_stamps.py").exists()}
    assert declaring == {"registry", "codes", "ledgers", "recall", "participation"}
    assert importlib.util.find_spec("foodtrace.public.signals") is None  # the central list is gone


@pytest.mark.django_db
def test_a_business_saved_stamps_its_uscc_after_commit(db_stamps, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as waiting:
        business = make_business()
    assert stamped(stamps.business(business.uscc)) == {stamps.business(business.uscc): False}  # not before
    for callback in waiting:
        callback()
    assert stamped(stamps.business(business.uscc)) == {stamps.business(business.uscc): True}
    assert stamped("u:91430102MA0000000X") == {"u:91430102MA0000000X": False}  # nothing else


@pytest.mark.django_db
def test_a_registry_bulk_import_stamps_registry_and_another_bulk_write_does_not(db_stamps,
                                                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), acting_as_system(source="test"):
        record_bulk(action="capture", model=Product, count=3)
    assert stamped(stamps.REGISTRY) == {stamps.REGISTRY: False}
    with django_capture_on_commit_callbacks(execute=True), acting_as_system(source="test"):
        record_bulk(action="import", model=Business, count=3, detail={"file": "businesses.xlsx"})
    assert stamped(stamps.REGISTRY) == {stamps.REGISTRY: True}


@pytest.mark.django_db
def test_a_change_rolled_back_stamps_nothing(db_stamps, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as ran:
        with pytest.raises(RuntimeError), transaction.atomic():
            uscc = make_business().uscc
            raise RuntimeError("rolled back")
    assert ran == []
    assert stamped(stamps.business(uscc)) == {stamps.business(uscc): False}
