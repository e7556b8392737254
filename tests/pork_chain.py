"""The Changsha pork chain of foodtrace/demo/chain.py on fresh test businesses, each document captured by the
business that records it (as its own user). Used by the trace, recall, export and ledger tests; builds only.

Members: breeding farm in 宁乡, slaughterhouse in 望城, wholesale market in 雨花, supermarket in 芙蓉, a stall of a
farmers' market in 开福, a restaurant in 天心, a sausage maker and a school canteen in 岳麓, another farm in 长沙县.
"""

import json
from dataclasses import dataclass, field

from foodtrace.demo.chain import document, pork_chain
from foodtrace.trace.capture import events_capture
from tests.conftest import make_business, make_licence, make_location, make_product, make_user

MEMBERS = {  # role: (district, kind, name)
    "farm": ("430182", "farm_base", "宁乡花猪养殖基地"),
    "slaughterhouse": ("430112", "slaughterhouse", "望城生猪定点屠宰场"),
    "market": ("430111", "wholesale_market", "红星农副产品批发市场"),
    "supermarket": ("430102", "supermarket", "芙蓉区五里牌超市"),
    "farmers_market": ("430105", "farmers_market", "开福区伍家岭农贸市场"),
    "restaurant": ("430103", "catering", "天心区湘菜馆"),
    "sausage": ("430104", "producer", "岳麓区腊肠食品厂"),
    "canteen": ("430104", "canteen", "岳麓区实验小学食堂"),
    "other_farm": ("430121", "farm_base", "长沙县生猪养殖场"),
}


@dataclass
class Chain:
    businesses: dict = field(default_factory=dict)  # role -> Business
    locations: dict = field(default_factory=dict)  # role -> Location
    users: dict = field(default_factory=dict)  # role -> User (business_user)
    products: dict = field(default_factory=dict)
    lots: dict = field(default_factory=dict)  # name -> URI as captured


def build_pork_chain() -> Chain:
    chain = Chain()
    for role, (district, kind, name) in MEMBERS.items():
        business = make_business(district, kind, name=name)
        make_licence(business)
        chain.businesses[role] = business
        chain.locations[role] = make_location(business, kind="store")
        chain.users[role] = make_user("business_user", business=business)
    stall = make_business("430105", "farmers_market", name="伍家岭农贸市场12号摊",
                          market=chain.businesses["farmers_market"])
    make_licence(stall)
    chain.businesses["stall"] = stall
    chain.locations["stall"] = make_location(stall, kind="stall")
    chain.users["stall"] = make_user("business_user", business=stall)
    chain.products["carcass"] = make_product(chain.businesses["slaughterhouse"], name="白条猪肉")
    chain.products["sausage"] = make_product(chain.businesses["sausage"], name="湘味腊肠", category="meat.processed")
    built = pork_chain(chain.businesses, chain.locations, carcass_gtin=chain.products["carcass"].gtin,
                       sausage_gtin=chain.products["sausage"].gtin)
    chain.lots = built.lots
    for role, events in built.documents:
        body = json.dumps(document(events), ensure_ascii=False).encode()
        result = events_capture(actor=chain.users[role], content=body, content_type="application/ld+json")
        assert result.job.status == "success", result.job.errors
    return chain
