# The change stamps moved to foodtrace.stamps, which now owns the model; its table (public_stamp) is kept.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("public", "0001_initial"),
        ("stamps", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Stamp")],
            database_operations=[],
        ),
    ]
