"""Changsha (430100) and its nine districts/counties are there from the start (GB/T 2260)."""

from django.db import migrations

from foodtrace.regions.services import BUNDLED, parse_region_csv


def load_changsha(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    city, districts = parse_region_csv((BUNDLED / "430100.csv").read_text(encoding="utf-8"))
    Region.objects.update_or_create(code=city.code, defaults={
        "name": city.name, "name_en": city.name_en, "level": "city", "city_id": city.code})
    for row in districts:
        Region.objects.update_or_create(code=row.code, defaults={
            "name": row.name, "name_en": row.name_en, "level": "district", "city_id": city.code})


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(load_changsha, migrations.RunPython.noop)]
