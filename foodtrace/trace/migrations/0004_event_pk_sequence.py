"""PostgreSQL: event IDs from a sequence (no row lock held until commit, so captures store concurrently).

It starts after every ID the counter row handed out before."""

from django.db import migrations


def create_sequence(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT GREATEST((SELECT COALESCE(MAX(id), 0) FROM trace_event), "
                       "(SELECT COALESCE(MAX(value), 0) FROM trace_idsequence WHERE name = 'trace_event'))")
        start = cursor.fetchone()[0] + 1
        cursor.execute(f"CREATE SEQUENCE trace_event_pk_seq START WITH {int(start)}")


def drop_sequence(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP SEQUENCE IF EXISTS trace_event_pk_seq")


class Migration(migrations.Migration):
    dependencies = [("trace", "0003_trace_edges")]
    operations = [migrations.RunPython(create_sequence, drop_sequence)]
