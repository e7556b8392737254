"""Loading a city's divisions from a CSV of GB/T 2260 codes and names."""

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from foodtrace.audit.recorder import record_bulk
from foodtrace.regions.models import Region

BUNDLED = Path(__file__).parent / "data"


@dataclass
class RegionRow:
    code: str
    name: str
    name_en: str


class RegionFileError(ValueError):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def parse_region_csv(text: str) -> tuple[RegionRow, list[RegionRow]]:
    """Return (city, districts). One row's code ends in '00' (the city); the rest are its divisions."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = {"code", "name"} - set(reader.fieldnames or [])
    if missing:
        raise RegionFileError([f"missing column(s): {', '.join(sorted(missing))}"])
    rows, errors, seen = [], [], set()
    for line_no, raw in enumerate(reader, start=2):
        code = (raw.get("code") or "").strip()
        name = (raw.get("name") or "").strip()
        if not (len(code) == 6 and code.isdigit()):
            errors.append(f"row {line_no}: code {code!r} is not a 6-digit GB/T 2260 code")
            continue
        if not name:
            errors.append(f"row {line_no}: name is empty")
            continue
        if code in seen:
            errors.append(f"row {line_no}: code {code} appears twice")
            continue
        seen.add(code)
        rows.append(RegionRow(code, name, (raw.get("name_en") or "").strip()))
    cities = [r for r in rows if r.code.endswith("00")]
    if len(cities) != 1:
        errors.append(f"expected exactly one city row (code ending in 00), found {len(cities)}")
    if errors:
        raise RegionFileError(errors)
    city = cities[0]
    return city, [r for r in rows if r is not city]


@transaction.atomic
def regions_load(*, text: str) -> Region:
    """Create or update a city and its divisions; idempotent."""
    city_row, district_rows = parse_region_csv(text)
    city, _ = Region.objects.update_or_create(
        code=city_row.code,
        defaults={"name": city_row.name, "name_en": city_row.name_en, "level": Region.Level.CITY,
                  "city_id": city_row.code},
    )
    for row in district_rows:
        Region.objects.update_or_create(
            code=row.code,
            defaults={"name": row.name, "name_en": row.name_en, "level": Region.Level.DISTRICT, "city": city},
        )
    record_bulk(action="load", model=Region, count=1 + len(district_rows),
                detail={"city": city.code, "districts": [r.code for r in district_rows]})
    return city


def regions_load_bundled(code: str = "430100") -> Region:
    return regions_load(text=(BUNDLED / f"{code}.csv").read_text(encoding="utf-8"))
