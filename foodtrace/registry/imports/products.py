"""Row checks of a products file: category, GTIN, unit and shelf life."""

from django.utils.translation import gettext as _

from foodtrace.i18n import localized
from foodtrace.identifiers import IdentifierError, normalise_gtin
from foodtrace.registry.models import Product, ProductCategory
from foodtrace.sheets import is_blank, match_key, parse_decimal

from .columns import UNIT_NAMES, named_choices
from .rows import Row, owners, unique_rows


def _categories() -> tuple[dict[str, str], set[str]]:
    """Accepted category codes and names -> code, and the names that mean more than one category."""
    accepted: dict[str, str] = {}
    ambiguous: set[str] = set()
    for code, name, name_en in ProductCategory.objects.values_list("code", "name", "name_en"):
        accepted[match_key(code)] = code
        for label in (name, name_en):
            key = match_key(label) if label else ""
            if not key or key == match_key(code):
                continue
            if key in accepted and accepted[key] != code:
                ambiguous.add(key)
            accepted.setdefault(key, code)
    return accepted, ambiguous


def _gtin(row: Row) -> str | None:
    raw = row.raw("gtin")
    if is_blank(raw):
        return None
    text = row.code("gtin")
    if text is None:
        return None
    if isinstance(raw, int | float) and text.isdigit():
        # A number cell has lost its leading zeros; they do not change a GTIN's check digit.
        text = text.zfill(next((n for n in (8, 12, 13, 14) if len(text) <= n), len(text)))
    try:
        return normalise_gtin(text)
    except IdentifierError as exc:
        row.error("gtin", localized(exc))
        return None


def _shelf_life(row: Row) -> int | None:
    text = row.text("shelf_life_days")
    if not text:
        return None
    number = parse_decimal(text)
    if number is None or number != number.to_integral_value() or not 0 <= number <= 36500:
        row.error("shelf_life_days", _("“%(value)s” is not a whole number of days (0 to 36500).")
                  % {"value": text})
        return None
    return int(number)


def check_products(actor, rows: list[Row]) -> list[tuple[Row, Product]]:
    businesses = owners(actor, rows)
    categories, ambiguous = _categories()
    units = named_choices(Product.Unit, UNIT_NAMES)
    parsed = []
    for row in rows:
        business = businesses[row]
        name = row.bounded("name", 200, required=True)
        category_text = row.required("category")
        category = None
        if category_text:
            category = categories.get(match_key(category_text))
            if match_key(category_text) in ambiguous:
                row.error("category", _("“%(value)s” names more than one category; give the category code "
                                        "instead, e.g. meat.pork.") % {"value": category_text})
            elif category is None:
                row.error("category", _("Unknown product category “%(value)s”; give its name (e.g. 猪肉) or "
                                        "code (e.g. meat.pork).") % {"value": category_text})
        gtin = _gtin(row)
        unit_text = row.text("unit")
        unit = units.get(match_key(unit_text)) if unit_text else Product.Unit.KG
        if unit is None:
            row.error("unit", _("Unknown unit “%(value)s”. Use one of: %(choices)s.")
                      % {"value": unit_text, "choices": "、".join(n[0] for n in UNIT_NAMES.values())})
        specification = row.bounded("specification", 100)
        shelf_life = _shelf_life(row)
        product = None
        if not row.failed:
            product = Product(business_id=business[0], name=name, category_id=category, gtin=gtin,
                              specification=specification, unit=unit, shelf_life_days=shelf_life)
        parsed.append((row, gtin, product))
    return unique_rows(parsed, Product, "gtin",
                       _("The GTIN %(value)s is already in row %(row)s of this file."),
                       _("A product with the GTIN %(gtin)s is already registered."))
