"""三员分立: the system, security and audit administrators cannot do each other's work."""

from pathlib import Path

import pytest

from foodtrace.accounts.roles import roles_markdown
from tests.conftest import make_user


def test_role_table_in_docs_is_current():
    doc = Path(__file__).resolve().parents[2] / "docs" / "roles.md"
    assert doc.read_text(encoding="utf-8") == roles_markdown(), "run: manage.py roles_table > docs/roles.md"


@pytest.mark.django_db
def test_system_admin_manages_users_but_cannot_read_audit_or_assign_roles(client, otp_verified):
    otp_verified(make_user("system_admin"))
    assert client.get("/admin/audit/auditentry/").status_code == 403
    target = make_user("lab_user")
    page = client.get(f"/admin/accounts/user/{target.pk}/change/").content.decode()
    assert 'name="username"' in page
    assert 'name="role"' not in page  # shown read-only


@pytest.mark.django_db
def test_security_admin_assigns_roles_but_cannot_read_audit_or_business_data(client, otp_verified):
    otp_verified(make_user("security_admin", region=None))
    assert client.get("/admin/audit/auditentry/").status_code == 403
    assert client.get("/admin/registry/business/").status_code == 403
    target = make_user("lab_user")
    page = client.get(f"/admin/accounts/user/{target.pk}/change/").content.decode()
    assert 'name="role"' in page and 'name="username"' not in page


@pytest.mark.django_db
def test_audit_admin_reads_only_the_audit_log(client, otp_verified):
    otp_verified(make_user("audit_admin", region=None))
    assert client.get("/admin/audit/auditentry/").status_code == 200
    assert client.get("/admin/audit/auditentry/?q=login").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 403
    assert client.get("/admin/registry/business/").status_code == 403
