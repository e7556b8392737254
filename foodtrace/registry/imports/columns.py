"""What each kind of import file holds: its columns (declared for the sheets engine) and the names its values may
be given in."""

from django.db.models import TextChoices
from django.utils import translation
from django.utils.translation import gettext_lazy

from foodtrace.registry.models import BusinessKind, Product
from foodtrace.sheets import Column, Sheet, named_values

IMPORT_KINDS = ("businesses", "licences", "products")
MAX_ROWS = 50_000

COLUMNS: dict[str, tuple[Column, ...]] = {
    "businesses": (
        Column("uscc", "统一社会信用代码", required=True, width=24, text=True, example="91430102MA4L0000XX"),
        Column("name", "名称", required=True, width=32, example="芙蓉生鲜超市"),
        Column("kind", "类型", required=True, width=20, example="大型超市"),
        Column("district", "所属区县", required=True, width=14, example="芙蓉区"),
        Column("address", "地址", width=40, example="五一大道1号"),
        Column("latitude", "纬度", width=12, example="28.194100"),
        Column("longitude", "经度", width=12, example="112.982300"),
        Column("legal_representative", "法定代表人", width=14),
        Column("contact_name", "联系人", width=12),
        Column("contact_phone", "联系电话", width=16, text=True),
    ),
    "licences": (
        Column("uscc", "统一社会信用代码", required=True, width=24, text=True, example="91430102MA4L0000XX"),
        Column("number", "许可证编号", required=True, width=22, text=True),
        Column("scope", "许可范围", width=40),
        Column("issued_by", "发证机关", width=28),
        Column("valid_from", "有效期起", required=True, width=14, example="2026-01-31"),
        Column("valid_until", "有效期至", required=True, width=14, example="2031-01-30"),
    ),
    "products": (
        Column("uscc", "统一社会信用代码", required=True, width=24, text=True, example="91430102MA4L0000XX"),
        Column("name", "产品名称", required=True, width=28, example="冷鲜猪肉"),
        Column("category", "产品类别", required=True, width=16, example="猪肉"),
        Column("gtin", "商品条码", width=18, text=True),
        Column("specification", "规格", width=14),
        Column("unit", "单位", width=10, example="千克"),
        Column("shelf_life_days", "保质期(天)", width=12, example=7),
    ),
}

KIND_LABELS = {
    "businesses": gettext_lazy("Businesses"),
    "licences": gettext_lazy("Licences"),
    "products": gettext_lazy("Products"),
}

# Accepted Chinese names of each business kind; the first is the official term (工作目标) used in templates.
BUSINESS_KIND_NAMES: dict[str, tuple[str, ...]] = {
    BusinessKind.FARM_BASE: ("规模化种养殖基地", "种养殖基地", "种植基地", "养殖基地"),
    BusinessKind.PRODUCER: ("食品生产企业", "生产企业"),
    BusinessKind.SLAUGHTERHOUSE: ("屠宰企业", "屠宰场"),
    BusinessKind.WHOLESALE_MARKET: ("大型食品批发市场", "食品批发市场", "批发市场"),
    BusinessKind.FARMERS_MARKET: ("大型农贸市场", "农贸市场"),
    BusinessKind.SUPERMARKET: ("大型超市", "超市"),
    BusinessKind.DISTRIBUTOR: ("规模以上食品流通企业", "食品流通企业", "流通企业"),
    BusinessKind.CATERING: ("餐饮企业", "餐饮服务企业"),
    BusinessKind.CANTEEN: ("团体消费单位", "集体食堂", "单位食堂", "食堂"),
}

# Accepted Chinese names of each product unit; the first is used in templates.
UNIT_NAMES: dict[str, tuple[str, ...]] = {
    Product.Unit.KG: ("千克", "公斤", "kilogram", "kilograms"),
    Product.Unit.PIECE: ("件", "个", "pieces"),
    Product.Unit.HEAD: ("头",),
    Product.Unit.BOX: ("箱", "盒", "boxes"),
    Product.Unit.BOTTLE: ("瓶", "bottles"),
    Product.Unit.LITRE: ("升", "litre", "liter", "litres", "liters"),
}


def named_choices(choices: type[TextChoices], names: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Matching form of every accepted name of a choice -> its value: the value itself, the Chinese
    names above, the English label and the label in the active language."""
    pairs = [(choice.value, choice.value) for choice in choices]
    pairs += [(code, name) for code, accepted in names.items() for name in accepted]
    with translation.override("en"):
        pairs += [(choice.value, str(choice.label)) for choice in choices]
    pairs += [(choice.value, str(choice.label)) for choice in choices]  # the active language's labels
    return named_values(pairs)


# Each kind's sheet, for the sheets engine: header matching, reading limits, templates.
SHEETS: dict[str, Sheet] = {kind: Sheet(kind, KIND_LABELS[kind], COLUMNS[kind], max_rows=MAX_ROWS)
                            for kind in IMPORT_KINDS}
