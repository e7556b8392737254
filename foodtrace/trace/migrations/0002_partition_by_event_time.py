"""PostgreSQL: the event table and its projection are range-partitioned by event time.

Queries and traces filter by time, retention drops old partitions whole, and
writes of a day land in one partition's indexes. Yearly partitions from 2015
to 2035 plus a default partition; `docs/scaling.md` says how to go monthly
and how the same tables distribute with Citus. SQLite keeps plain tables.
"""

from django.db import migrations

TABLES = ("trace_event", "trace_eventidentifier", "trace_eventtransaction", "trace_eventparty")
YEARS = range(2015, 2036)


def partition(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s AND indexname <> %s",
                           [table, f"{table}_pkey"])
            index_defs = [row[0] for row in cursor.fetchall()]
            cursor.execute(f'ALTER TABLE "{table}" RENAME TO "{table}_plain"')
            cursor.execute(f'CREATE TABLE "{table}" (LIKE "{table}_plain" INCLUDING DEFAULTS) '
                           "PARTITION BY RANGE (event_time)")
            cursor.execute(f'DROP TABLE "{table}_plain"')
            if table != "trace_event":
                # Identity columns cannot live on a partitioned table (PostgreSQL 15): use a sequence.
                cursor.execute(f'CREATE SEQUENCE "{table}_id_seq" OWNED BY "{table}".id')
                cursor.execute(f'ALTER TABLE "{table}" ALTER COLUMN id SET DEFAULT nextval(\'"{table}_id_seq"\')')
            cursor.execute(f'ALTER TABLE "{table}" ADD PRIMARY KEY (id, event_time)')
            cursor.execute(f'CREATE TABLE "{table}_default" PARTITION OF "{table}" DEFAULT')
            for year in YEARS:
                cursor.execute(f'CREATE TABLE "{table}_y{year}" PARTITION OF "{table}" '
                               f"FOR VALUES FROM ('{year}-01-01') TO ('{year + 1}-01-01')")
            for definition in index_defs:
                cursor.execute(definition)


class Migration(migrations.Migration):
    dependencies = [("trace", "0001_initial")]
    operations = [migrations.RunPython(partition, migrations.RunPython.noop)]
