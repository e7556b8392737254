"""A small chain captured as EPCIS JSON-LD by a city administrator (kept free of assertions: it only builds).

    farm F (宁乡 430182) ──F 1000 kg──▶ processor (岳麓 430104): F (800 kg) transformed into P (600 kg)
    processor ──P 200 kg──▶ wholesale market (雨花 430111), ──P 50 kg──▶ an unregistered buyer (another city)
    market splits P (repackaging) into P1 (120 kg) and P2 (80 kg)
        P1 ──▶ supermarket (芙蓉 430102), P2 ──▶ restaurant (天心 430103)
    and an unrelated chain: another farm's lot U (长沙县 430121) ──▶ market ──▶ a shop in 开福 (430105)
"""

import json
from dataclasses import dataclass, field

from foodtrace.identifiers import make_uscc
from foodtrace.identifiers.epc import canonical_id
from foodtrace.trace.capture import events_capture
from tests.conftest import make_business, make_location, make_product, make_user

CONTEXT = ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"]
# A buyer from another city: named by its USCC in the shipment, not registered here.
STRANGER_USCC = make_uscc("430602", "MA0000042")

MEMBERS = {  # role: (district, kind, name)
    "farm": ("430182", "farm_base", "宁乡测试养殖基地"),
    "processor": ("430104", "producer", "岳麓测试肉制品厂"),
    "market": ("430111", "wholesale_market", "雨花测试批发市场"),
    "supermarket": ("430102", "supermarket", "芙蓉测试超市"),
    "restaurant": ("430103", "catering", "天心测试餐馆"),
    "other_farm": ("430121", "farm_base", "长沙县测试农场"),
    "other_shop": ("430105", "supermarket", "开福测试便利店"),
}


def party(uscc: str) -> str:
    return f"urn:foodtrace:party:uscc:{uscc}"


def key(uri: str) -> str:
    return canonical_id(uri).key


@dataclass
class Chain:
    admin: object = None
    businesses: dict = field(default_factory=dict)
    locations: dict = field(default_factory=dict)
    lots: dict = field(default_factory=dict)

    def capture(self, *events) -> None:
        body = json.dumps({"@context": CONTEXT, "type": "EPCISDocument", "schemaVersion": "2.0",
                           "creationDate": "2026-11-20T00:00:00+08:00", "epcisBody": {"eventList": list(events)}},
                          ensure_ascii=False).encode()
        result = events_capture(actor=self.admin, content=body, content_type="application/ld+json")
        assert result.job.status == "success", result.job.errors

    def event(self, role: str, kind: str, day: str, **fields) -> dict:
        where = {"id": f"urn:foodtrace:loc:{self.locations[role].code}"}
        return {"type": kind, "eventTime": f"2026-11-{day}+08:00", "eventTimeZoneOffset": "+08:00", **fields,
                "readPoint": where, "bizLocation": where}

    def move(self, role: str, step: str, sender: str, receiver: str, lot: str, qty: float, day: str) -> dict:
        """A shipping (by the sender) or receiving (by the receiver) event between two parties."""
        return self.event(role, "ObjectEvent", day, action="OBSERVE", bizStep=step,
                          quantityList=[q(self.lots[lot], qty)],
                          sourceList=[{"type": "owning_party", "source": party(sender)}],
                          destinationList=[{"type": "owning_party", "destination": party(receiver)}])

    def uscc(self, role: str) -> str:
        return self.businesses[role].uscc


def q(uri: str, quantity: float, uom: str = "KGM") -> dict:
    return {"epcClass": uri, "quantity": quantity, "uom": uom}


def build_chain() -> Chain:
    chain = Chain(admin=make_user("city_admin", region="430100"))
    for role, (district, kind, name) in MEMBERS.items():
        business = make_business(district, kind, name=name)
        chain.businesses[role] = business
        chain.locations[role] = make_location(business, kind="store")
    product = make_product(chain.businesses["processor"], name="测试香肠")
    lots = chain.lots
    lots["F"] = "urn:foodtrace:lot:T00000000TESTF01"
    lots["U"] = "urn:foodtrace:lot:T00000000TESTU01"
    lots["P"] = f"https://id.gs1.org/01/{product.gtin}/10/P2611"
    lots["P1"] = "urn:foodtrace:lot:T0000000TESTP101"
    lots["P2"] = "urn:foodtrace:lot:T0000000TESTP201"
    u = chain.uscc
    chain.capture(
        chain.event("farm", "ObjectEvent", "02T08:00:00", action="ADD", bizStep="commissioning",
                    quantityList=[q(lots["F"], 1000.0)]),
        chain.move("farm", "shipping", u("farm"), u("processor"), "F", 1000.0, "02T10:00:00"),
        chain.move("processor", "receiving", u("farm"), u("processor"), "F", 1000.0, "02T14:00:00"),
        chain.event("processor", "TransformationEvent", "03T08:00:00", bizStep="commissioning",
                    inputQuantityList=[q(lots["F"], 800.0)], outputQuantityList=[q(lots["P"], 600.0)]),
        chain.move("processor", "shipping", u("processor"), u("market"), "P", 200.0, "04T08:00:00"),
        chain.move("processor", "shipping", u("processor"), STRANGER_USCC, "P", 50.0, "04T09:00:00"),
        chain.move("market", "receiving", u("processor"), u("market"), "P", 200.0, "04T12:00:00"),
        chain.event("market", "TransformationEvent", "05T05:00:00", bizStep="repackaging",
                    inputQuantityList=[q(lots["P"], 200.0)],
                    outputQuantityList=[q(lots["P1"], 120.0), q(lots["P2"], 80.0)]),
        chain.move("market", "shipping", u("market"), u("supermarket"), "P1", 120.0, "05T07:00:00"),
        chain.move("market", "shipping", u("market"), u("restaurant"), "P2", 80.0, "05T08:00:00"),
        chain.move("supermarket", "receiving", u("market"), u("supermarket"), "P1", 120.0, "05T11:00:00"),
        # The unrelated chain, through the same market.
        chain.event("other_farm", "ObjectEvent", "02T08:30:00", action="ADD", bizStep="commissioning",
                    quantityList=[q(lots["U"], 500.0)]),
        chain.move("other_farm", "shipping", u("other_farm"), u("market"), "U", 500.0, "02T11:00:00"),
        chain.move("market", "shipping", u("market"), u("other_shop"), "U", 30.0, "05T09:00:00"),
        chain.move("other_shop", "receiving", u("market"), u("other_shop"), "U", 30.0, "05T12:00:00"),
    )
    return chain
