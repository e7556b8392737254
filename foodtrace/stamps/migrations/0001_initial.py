# The change stamps' table moved from the public app to this one: the table (public_stamp) stays as it is,
# only Django's record of which app owns the model changes.

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("public", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Stamp",
                    fields=[
                        ("name", models.CharField(max_length=32, primary_key=True, serialize=False)),
                        ("at", models.BigIntegerField()),
                    ],
                    options={
                        "verbose_name": "change stamp",
                        "db_table": "public_stamp",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
