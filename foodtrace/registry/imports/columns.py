"""What each kind of import file holds: its columns, the names its values may be given in, and header matching."""

from dataclasses import dataclass

from django.db.models import TextChoices
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from foodtrace.registry.models import BusinessKind, Product

from .cells import match_key, named_values
from .report import ImportReport

IMPORT_KINDS = ("businesses", "licences", "products")


@dataclass(frozen=True)
class Column:
    key: str  # English key, also accepted as a header
    header: str  # Chinese header printed in templates (with "*" when required)
    required: bool = False
    width: int = 16  # template column width, in Excel character units
    text: bool = False  # format the template column as text (codes whose leading zeros matter)

    @property
    def template_header(self) -> str:
        return f"{self.header}*" if self.required else self.header


COLUMNS: dict[str, tuple[Column, ...]] = {
    "businesses": (
        Column("uscc", "统一社会信用代码", True, 24, text=True),
        Column("name", "名称", True, 32),
        Column("kind", "类型", True, 20),
        Column("district", "所属区县", True, 14),
        Column("address", "地址", width=40),
        Column("latitude", "纬度", width=12),
        Column("longitude", "经度", width=12),
        Column("legal_representative", "法定代表人", width=14),
        Column("contact_name", "联系人", width=12),
        Column("contact_phone", "联系电话", width=16, text=True),
    ),
    "licences": (
        Column("uscc", "统一社会信用代码", True, 24, text=True),
        Column("number", "许可证编号", True, 22, text=True),
        Column("scope", "许可范围", width=40),
        Column("issued_by", "发证机关", width=28),
        Column("valid_from", "有效期起", True, 14),
        Column("valid_until", "有效期至", True, 14),
    ),
    "products": (
        Column("uscc", "统一社会信用代码", True, 24, text=True),
        Column("name", "产品名称", True, 28),
        Column("category", "产品类别", True, 16),
        Column("gtin", "商品条码", width=18, text=True),
        Column("specification", "规格", width=14),
        Column("unit", "单位", width=10),
        Column("shelf_life_days", "保质期(天)", width=12),
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


def match_headers(kind: str, headers: list[str], report: ImportReport) -> dict[str, int] | None:
    """Column key -> position in the file, or None after reporting header problems on row 1."""
    columns = COLUMNS[kind]
    accepted = {}
    for column in columns:
        accepted[match_key(column.header)] = column
        accepted[match_key(column.key)] = column
    positions: dict[str, int] = {}
    unknown = []
    for index, header in enumerate(headers):
        if not header:
            continue
        column = accepted.get(match_key(header))
        if column is None:
            unknown.append(header)
        elif column.key in positions:
            report.add(1, header, _("The column “%(header)s” appears more than once.") % {"header": header})
        else:
            positions[column.key] = index
    expected = "、".join(c.template_header for c in columns)
    for header in unknown:
        report.add(1, header, _("Unknown column “%(header)s”. The columns for %(kind)s are: %(columns)s.")
                   % {"header": header, "kind": str(KIND_LABELS[kind]).lower(), "columns": expected})
    for column in columns:
        if column.required and column.key not in positions:
            report.add(1, column.header, _("The required column “%(header)s” is missing.")
                       % {"header": column.template_header})
    return None if report.errors else positions
