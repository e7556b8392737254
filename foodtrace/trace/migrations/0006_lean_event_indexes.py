"""Fewer indexes and no jsonb on the event tables: each index is written at every capture.

Dropped: duplicates (Django's index of a foreign key beside the same index in Meta), single-column indexes of
owner and capture job that no query starts from (a business's events use (business, event_time)), the unused
parent_key index (MATCH_parentID reads the identifiers), the LIKE-pattern copies PostgreSQL gets for text keys,
and jsonb for the stored event (see trace.models.fields.JSONTextField). bench/epcis_capture.py measures it.
"""

import django.db.models.deletion
from django.db import migrations, models

import foodtrace.trace.models.fields


def drop_pattern_indexes(apps, schema_editor):
    """Django adds a varchar_pattern_ops copy of every indexed text key on PostgreSQL for LIKE 'x%'; no query
    of these tables uses LIKE, so they are only written."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ANY(%s) "
                       "AND indexdef LIKE '%%_pattern_ops%%'",
                       [["trace_event", "trace_eventhash", "trace_eventidentifier", "trace_eventtransaction",
                         "trace_eventparty", "trace_traceedge"]])
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):

    dependencies = [
        ('regions', '0002_load_changsha'),
        ('registry', '0002_product_categories'),
        ('trace', '0005_fewer_partitions'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='event',
            name='trace_event_parent__0f0458_idx',
        ),
        migrations.AlterField(
            model_name='event',
            name='business',
            field=models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registry.business'),
        ),
        migrations.AlterField(
            model_name='event',
            name='capture_job',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='trace.capturejob'),
        ),
        migrations.AlterField(
            model_name='event',
            name='district',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='regions.region'),
        ),
        migrations.AlterField(
            model_name='event',
            name='document',
            field=foodtrace.trace.models.fields.JSONTextField(),
        ),
        migrations.AlterField(
            model_name='event',
            name='namespaces',
            field=foodtrace.trace.models.fields.JSONTextField(default=dict),
        ),
        migrations.AlterField(
            model_name='eventidentifier',
            name='event',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='identifiers', to='trace.event'),
        ),
        migrations.AlterField(
            model_name='eventparty',
            name='event',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='parties', to='trace.event'),
        ),
        migrations.AlterField(
            model_name='eventtransaction',
            name='event',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='transactions', to='trace.event'),
        ),
        migrations.AlterField(
            model_name='traceedge',
            name='business',
            field=models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='registry.business'),
        ),
        migrations.AlterField(
            model_name='traceedge',
            name='district',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='regions.region'),
        ),
        migrations.AlterField(
            model_name='traceedge',
            name='event',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='trace.event'),
        ),
        migrations.RunPython(drop_pattern_indexes, migrations.RunPython.noop),
    ]
