"""Units of measure: what people write in a ledger -> UN/ECE Recommendation 20 codes (EPCIS ``uom``).

Only the codes below are accepted, so a typo cannot become a unit nobody can read. 斤 (jin, 500 g) is the
unit of every Chinese market; it is recorded as kilograms with the quantity halved, so all weights of a
lot add up in one unit.
"""

from decimal import Decimal

from foodtrace.sheets import match_key


class Unit:
    def __init__(self, code: str, label_zh: str, label_en: str, names: tuple[str, ...], factor: str = "1"):
        self.code = code  # the Rec 20 code written to events
        self.label_zh = label_zh
        self.label_en = label_en
        self.names = names  # accepted spellings besides the code itself
        self.factor = Decimal(factor)  # quantity in this unit x factor = quantity in ``code``


UNITS: tuple[Unit, ...] = (
    Unit("KGM", "千克", "kilogram", ("千克", "公斤", "kg", "kgs", "kilogram", "kilograms")),
    Unit("KGM", "斤", "jin (0.5 kg)", ("斤", "市斤", "jin"), factor="0.5"),
    Unit("GRM", "克", "gram", ("克", "g", "gram", "grams")),
    Unit("TNE", "吨", "tonne", ("吨", "t", "tonne", "tonnes")),
    Unit("LTR", "升", "litre", ("升", "l", "litre", "liter", "litres", "liters")),
    Unit("MLT", "毫升", "millilitre", ("毫升", "ml", "millilitre", "milliliter")),
    Unit("H87", "个/件", "piece", ("个", "件", "只", "头", "条", "根", "pc", "pcs", "piece", "pieces")),
    Unit("EA", "每个(EA)", "each", ("each",)),
    Unit("XBX", "箱/盒", "box", ("箱", "盒", "box", "boxes")),
    Unit("XBG", "袋/包", "bag", ("袋", "包", "bag", "bags")),
    Unit("XBO", "瓶", "bottle", ("瓶", "bottle", "bottles")),
)

# Accepted spelling (matching form) -> unit; a Rec 20 code written as such means that code's base unit.
_BY_NAME: dict[str, Unit] = {}
for _unit in UNITS:
    for _name in _unit.names:
        _BY_NAME[match_key(_name)] = _unit
for _unit in UNITS:
    if _unit.factor == 1:
        _BY_NAME.setdefault(match_key(_unit.code), _unit)

# The spellings offered in the template's drop-down list and the quick form (first name of each unit).
UNIT_CHOICES: tuple[tuple[str, str], ...] = tuple((unit.names[0], unit.label_zh) for unit in UNITS)


def find_unit(text: str) -> Unit | None:
    return _BY_NAME.get(match_key(text)) if text else None


def unit_table() -> list[tuple[str, str, str]]:
    """(accepted spellings, code, English name) for the explanation sheet and the docs."""
    return [("、".join(dict.fromkeys((*unit.names, unit.code) if unit.factor == 1 else unit.names)),
             unit.code if unit.factor == 1 else f"{unit.code} × {unit.factor}", unit.label_en) for unit in UNITS]
