"""Row checks of a businesses file: kind, district in the actor's area, coordinates, unique USCC."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from foodtrace.regions.models import Region
from foodtrace.regions.scoping import scope_of
from foodtrace.registry.models import Business, BusinessKind
from foodtrace.sheets import match_key, parse_decimal

from .columns import BUSINESS_KIND_NAMES, named_choices
from .rows import Row, row_uscc, unique_rows


def _districts() -> tuple[dict[str, Region], set[str]]:
    """Accepted district names and codes -> Region; and the codes of cities (a common wrong answer)."""
    regions = list(Region.objects.select_related("city"))
    by_name: dict[str, Region] = {}
    for region in regions:
        if region.level != Region.Level.DISTRICT:
            continue
        for name in (region.code, region.name, region.name_en, f"{region.city.name}{region.name}"):
            if name:
                by_name[match_key(name)] = region
    cities = {r.code for r in regions if r.level == Region.Level.CITY}
    return by_name, cities


def _coordinate(row: Row, key: str, limit: int) -> Decimal | None:
    text = row.text(key)
    if not text:
        return None
    number = parse_decimal(text)
    if number is None:
        row.error(key, _("“%(value)s” is not a number.") % {"value": text})
        return None
    if not -limit <= number <= limit:
        row.error(key, _("“%(value)s” is out of range: it must be between -%(limit)s and %(limit)s.")
                  % {"value": text, "limit": limit})
        return None
    # The model keeps 6 decimal places (about 0.1 m); more is noise from a map tool.
    return number.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)


def check_businesses(actor, rows: list[Row]) -> list[tuple[Row, Business]]:
    kinds = named_choices(BusinessKind, BUSINESS_KIND_NAMES)
    districts, cities = _districts()
    scope = scope_of(actor)
    parsed = []
    for row in rows:
        uscc = row_uscc(row)
        name = row.bounded("name", 200, required=True)
        kind_text = row.required("kind")
        kind = kinds.get(match_key(kind_text)) if kind_text else None
        if kind_text and kind is None:
            choices = "、".join(names[0] for names in BUSINESS_KIND_NAMES.values())
            row.error("kind", _("Unknown business kind “%(value)s”. Use one of: %(choices)s.")
                      % {"value": kind_text, "choices": choices})
        district_text = row.required("district")
        district = districts.get(match_key(district_text)) if district_text else None
        if district_text and district is None:
            if district_text in cities:
                row.error("district", _("Choose a district or county, not the city."))
            else:
                row.error("district", _("Unknown district or county “%(value)s”; give its name or 6-digit "
                                        "code.") % {"value": district_text})
        elif district is not None and not scope.allows_district(district.code, district.city_id):
            row.error("district", _("%(district)s is outside your area.") % {"district": district})
        latitude = _coordinate(row, "latitude", 90)
        longitude = _coordinate(row, "longitude", 180)
        if bool(row.text("latitude")) != bool(row.text("longitude")):
            # Name the empty cell, or the filled one when the file lacks the other column altogether.
            empty, filled = ("longitude", "latitude") if row.text("latitude") else ("latitude", "longitude")
            row.error(empty if empty in row.headers else filled,
                      _("Give both latitude and longitude, or neither."))
        fields = {
            "address": row.bounded("address", 300),
            "legal_representative": row.bounded("legal_representative", 100),
            "contact_name": row.bounded("contact_name", 100),
            "contact_phone": row.bounded("contact_phone", 50),
        }
        business = None
        if not row.failed:
            business = Business(uscc=uscc[0], uscc_check_ok=uscc[1], name=name, kind=kind,
                                district_id=district.code, latitude=latitude, longitude=longitude, **fields)
        parsed.append((row, uscc[0] if uscc else None, business))
    return unique_rows(parsed, Business, "uscc",
                       _("The USCC %(value)s is already in row %(row)s of this file."),
                       _("A business with the USCC %(uscc)s is already registered."))
