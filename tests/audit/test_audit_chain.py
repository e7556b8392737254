"""The audit trail records every write with who, when, where from and what changed, and detects tampering."""

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from foodtrace.audit.models import AuditEntry
from foodtrace.registry.models import Business
from tests.conftest import make_business, make_user


def verify() -> str:
    from io import StringIO

    out = StringIO()
    call_command("audit_verify", stdout=out, stderr=out)
    return out.getvalue()


def verify_fails() -> str:
    from io import StringIO

    err = StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("audit_verify", stdout=StringIO(), stderr=err)
    return str(excinfo.value) + "\n" + err.getvalue()


def disable_guard(cursor):
    """What an attacker with database rights would do first: switch the append-only guard off."""
    if connection.vendor == "sqlite":
        cursor.execute("DROP TRIGGER audit_entry_no_update")
        cursor.execute("DROP TRIGGER audit_entry_no_early_delete")
    else:
        cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")


@pytest.fixture
def some_history(db):
    for i in range(5):
        make_business(name=f"审计企业{i}")
    return list(AuditEntry.objects.order_by("chain_index").values_list("chain_index", flat=True))


@pytest.mark.django_db
def test_api_write_records_actor_source_address_and_change(client, otp_verified):
    user = make_user("district_regulator", region="430102")
    otp_verified(user)
    business = make_business("430102")
    response = client.patch(f"/api/v1/registry/businesses/{business.pk}", {"name": "新名称食品店"},
                            content_type="application/json", REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200, response.content
    entry = AuditEntry.objects.filter(object_type="registry.business", object_id=str(business.pk),
                                      action="update").get()
    assert entry.actor_name == user.username and entry.actor_role == "district_regulator"
    assert entry.source == "api" and entry.ip == "10.1.2.3"
    assert entry.changes["name"] == [business.name, "新名称食品店"]


@pytest.mark.django_db
def test_personal_data_changes_are_recorded_without_values(client, otp_verified):
    otp_verified(make_user("district_regulator", region="430102"))
    business = make_business("430102")
    client.patch(f"/api/v1/registry/businesses/{business.pk}", {"contact_phone": "13999990000"},
                 content_type="application/json")
    entry = AuditEntry.objects.filter(object_id=str(business.pk), action="update").get()
    assert entry.changes["contact_phone"] == ["***", "***"]
    assert "13999990000" not in str(entry.changes)


@pytest.mark.django_db
def test_admin_write_is_attributed_to_the_admin_user(client, otp_verified):
    user = make_user("city_admin", region="430100")
    otp_verified(user)
    business = make_business("430103")
    data = {"uscc": business.uscc, "name": "后台改名", "kind": business.kind, "district": business.district_id,
            "status": "operating", "address": business.address, "licences-TOTAL_FORMS": 0,
            "licences-INITIAL_FORMS": 0, "licences-MIN_NUM_FORMS": 0, "licences-MAX_NUM_FORMS": 1000}
    response = client.post(f"/admin/registry/business/{business.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.filter(object_id=str(business.pk), action="update").get()
    assert (entry.actor_name, entry.source) == (user.username, "admin")


@pytest.mark.django_db
def test_logins_and_failed_logins_are_recorded(client):
    user = make_user("lab_user")
    client.post("/accounts/login/", {"username": user.username, "password": "wrong-password"})
    client.post("/accounts/login/", {"username": user.username, "password": "Test@Pass2026x"})
    actions = list(AuditEntry.objects.filter(object_repr=user.username).values_list("action", flat=True))
    assert "login_failed" in actions and "login" in actions


@pytest.mark.django_db
def test_intact_chain_verifies(some_history):
    assert "audit chain intact" in verify()


@pytest.mark.django_db
def test_database_refuses_update_and_early_delete(some_history):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET actor_name = 'x'")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.count() == len(some_history)


@pytest.mark.django_db
def test_changed_entry_is_detected(some_history):
    victim = some_history[2]
    with connection.cursor() as cursor:
        disable_guard(cursor)
        cursor.execute("UPDATE audit_auditentry SET actor_name = 'someone-else' WHERE chain_index = %s", [victim])
    message = verify_fails()
    assert f"entry #{victim}: content was changed" in message


@pytest.mark.django_db
def test_removed_entry_is_detected(some_history):
    victim = some_history[1]
    with connection.cursor() as cursor:
        disable_guard(cursor)
        cursor.execute("DELETE FROM audit_auditentry WHERE chain_index = %s", [victim])
    assert f"#{victim}" in verify_fails()


@pytest.mark.django_db
def test_removed_last_entry_is_detected(some_history):
    with connection.cursor() as cursor:
        disable_guard(cursor)
        cursor.execute("DELETE FROM audit_auditentry WHERE chain_index = %s", [some_history[-1]])
    assert "entries at the end were removed" in verify_fails()


@pytest.mark.django_db
def test_rewritten_entry_with_recomputed_hash_breaks_the_next_link(some_history):
    """Recomputing the changed entry's own hash is not enough: the next entry still points at the old one."""
    from foodtrace.audit.recorder import entry_hash
    from foodtrace.audit.verify import HASHED

    victim = some_history[1]
    row = AuditEntry.objects.filter(chain_index=victim).values(*HASHED, "prev_hash").get()
    row["actor_name"] = "forger"
    forged = entry_hash(row["prev_hash"], {k: row[k] for k in HASHED})
    with connection.cursor() as cursor:
        disable_guard(cursor)
        cursor.execute("UPDATE audit_auditentry SET actor_name = 'forger', entry_hash = %s WHERE chain_index = %s",
                       [forged, victim])
    assert f"entry #{victim + 1}: link to the previous entry is broken" in verify_fails()


@pytest.mark.django_db
def test_bulk_write_is_one_entry_with_count():
    from foodtrace.audit.context import acting_as_system
    from foodtrace.audit.recorder import record_bulk

    with acting_as_system(source="cli:test"):
        entry = record_bulk(action="import", model=Business, count=3, detail={"keys": ["a", "b", "c"]})
    assert entry.changes == {"count": 3, "keys": ["a", "b", "c"]} and entry.source == "cli:test"
