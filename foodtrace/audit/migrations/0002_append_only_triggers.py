"""Database-level protection of the audit trail: no UPDATE ever; no DELETE (or TRUNCATE) of recent entries.

The ORM refuses too, but only the database stops a script or a console.
183 days = the 6-month minimum of 等保 2.0 and the Food Safety Law record rules.
"""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;""",
    """CREATE TRIGGER audit_entry_no_early_delete BEFORE DELETE ON audit_auditentry
       WHEN old.at > datetime('now', '-183 days')
       BEGIN SELECT RAISE(ABORT, 'audit entries younger than 183 days cannot be deleted'); END;""",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS audit_entry_no_update;",
                  "DROP TRIGGER IF EXISTS audit_entry_no_early_delete;"]

POSTGRES = [
    """CREATE OR REPLACE FUNCTION audit_entry_guard() RETURNS trigger AS $$
       BEGIN
         IF TG_OP = 'UPDATE' THEN
           RAISE EXCEPTION 'audit entries are append-only';
         ELSIF TG_OP = 'DELETE' AND OLD.at > now() - interval '183 days' THEN
           RAISE EXCEPTION 'audit entries younger than 183 days cannot be deleted';
         ELSIF TG_OP = 'TRUNCATE' THEN
           RAISE EXCEPTION 'the audit trail cannot be truncated';
         END IF;
         RETURN OLD;
       END $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER audit_entry_guard_rows BEFORE UPDATE OR DELETE ON audit_auditentry
       FOR EACH ROW EXECUTE FUNCTION audit_entry_guard();""",
    """CREATE TRIGGER audit_entry_guard_truncate BEFORE TRUNCATE ON audit_auditentry
       FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_guard();""",
]
POSTGRES_REVERSE = ["DROP TRIGGER IF EXISTS audit_entry_guard_truncate ON audit_auditentry;",
                    "DROP TRIGGER IF EXISTS audit_entry_guard_rows ON audit_auditentry;",
                    "DROP FUNCTION IF EXISTS audit_entry_guard();"]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE, "postgresql": POSTGRES}.get(vendor, []):
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
