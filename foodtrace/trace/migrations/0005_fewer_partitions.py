"""PostgreSQL: keep yearly partitions for 2024–2028 only (plus the default partition).

Look-ups by identifier (MATCH_epc, the trace's "events naming these lots") carry no time window, so the
planner visits every partition: with 22 of them, planning took ~3 ms of a ~3.5 ms query. Empty partitions
outside the window are dropped; rows of other years live in the default partition until a year's partition is
added (docs/scaling.md). A partition that holds rows is never dropped.
"""

from django.db import migrations

TABLES = ("trace_event", "trace_eventidentifier", "trace_eventtransaction", "trace_eventparty")
KEEP = range(2024, 2029)


def drop_empty_partitions(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table in TABLES:
            for year in range(2015, 2036):
                if year in KEEP:
                    continue
                partition = f"{table}_y{year}"
                cursor.execute("SELECT to_regclass(%s)", [partition])
                if cursor.fetchone()[0] is None:
                    continue
                cursor.execute(f'SELECT EXISTS (SELECT 1 FROM "{partition}")')
                if cursor.fetchone()[0]:
                    continue
                cursor.execute(f'DROP TABLE "{partition}"')


class Migration(migrations.Migration):
    dependencies = [("trace", "0004_event_pk_sequence")]
    operations = [migrations.RunPython(drop_empty_partitions, migrations.RunPython.noop)]
