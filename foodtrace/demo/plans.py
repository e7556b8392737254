"""The plan of one business: everything decided about it before anything is written."""

from dataclasses import dataclass

from foodtrace.regions.models import Region
from foodtrace.registry.models import Business, BusinessKind, Licence

MARKET_KINDS = (BusinessKind.FARMERS_MARKET, BusinessKind.WHOLESALE_MARKET)


@dataclass
class Plan:
    """Everything decided about one business before anything is written."""

    index: int
    district: Region
    kind: str
    role: str = ""  # "market" or "stall" for the two market kinds
    market: "Plan | None" = None
    variant: str = ""  # farm specialisation, producer line, slaughter type or stall goods
    brand: str = ""
    place: str = ""
    uscc_type: str = "91"  # registration authority + organisation type (GB 32100 positions 1-2)
    business: Business | None = None
    licence: Licence | None = None
    company_prefix: str | None = None  # GS1 China company prefix, given when first needed
    next_item: int = 1
    next_location_ref: int = 1


def kinds_of(plans: list[Plan]) -> dict[str, int]:
    """How many businesses of each kind, in the order the kinds first appear."""
    kinds: dict[str, int] = {}
    for plan in plans:
        kinds[plan.kind] = kinds.get(plan.kind, 0) + 1
    return kinds
