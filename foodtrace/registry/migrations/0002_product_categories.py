from django.db import migrations

from foodtrace.registry.categories import category_rows


def load(apps, schema_editor):
    ProductCategory = apps.get_model("registry", "ProductCategory")
    for code, name, name_en, parent in category_rows():
        ProductCategory.objects.update_or_create(code=code, defaults={
            "name": name, "name_en": name_en, "parent_id": parent})


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
