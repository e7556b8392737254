"""A small supply chain captured as EPCIS 2.0 JSON-LD documents, the way businesses send them.

芙蓉区 (430102): a farm harvests, cools and ships a platform lot to a processor; the processor receives it and
transforms it into two GTIN lots, ships one to a wholesale market; the market receives it, splits part of it
into two smaller platform lots (流通追溯码) and ships one to a supermarket, which receives and sells it.
A second, unrelated lot is harvested the next day. Everything is in 芙蓉区, so a regulator of 岳麓区 sees none
of it.
"""

import json
from dataclasses import dataclass, field

import pytest

from foodtrace.identifiers import gtin_check_digit
from foodtrace.registry.models import Location
from foodtrace.trace.capture import events_capture
from tests.conftest import make_business, make_licence, make_product, make_user

CONTEXT = ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld",
           {"ft": "https://foodtrace.example.cn/epcis/"}]
QUARANTINE = "urn:foodtrace:btt:quarantine_cert"
FARM_LOT = "T2026030100000A1"
OTHER_FARM_LOT = "T2026030200000B2"
CHILD_1, CHILD_2 = "T2026030400000C1", "T2026030400000C2"
LOT_A, LOT_B = "L260302A", "L260302B"


def party(business) -> str:
    return f"urn:foodtrace:party:uscc:{business.uscc}"


def loc(location) -> dict:
    return {"id": f"urn:foodtrace:loc:{location.code}"}


def qty(epc_class: str, quantity: float, uom: str = "KGM") -> dict:
    return {"epcClass": epc_class, "quantity": quantity, "uom": uom}


def event(kind: str, at, when: str, **fields) -> dict:
    return {"type": kind, "eventTime": when, "eventTimeZoneOffset": "+08:00", "readPoint": loc(at),
            "bizLocation": loc(at), **fields}


def send(principal, *events) -> None:
    doc = {"@context": CONTEXT, "type": "EPCISDocument", "schemaVersion": "2.0",
           "creationDate": "2026-03-05T00:00:00+08:00", "epcisBody": {"eventList": list(events)}}
    result = events_capture(actor=principal, content=json.dumps(doc, ensure_ascii=False).encode(),
                            content_type="application/ld+json")
    assert result.job.status == "success", result.job.errors
    assert result.stored == len(events)


@dataclass
class Chain:
    farm: object
    processor: object
    market: object
    shop: object
    field_loc: object
    plant: object
    market_stall: object
    store: object
    product: object
    documents: dict = field(default_factory=dict)

    @property
    def lot_a_uri(self) -> str:
        return f"https://id.gs1.org/01/{self.product.gtin}/10/{LOT_A}"

    @property
    def lot_b_uri(self) -> str:
        return f"https://id.gs1.org/01/{self.product.gtin}/10/{LOT_B}"


def place(business, kind: str, name: str, address: str = "", gln: str | None = None) -> Location:
    return Location.objects.create(business=business, kind=kind, name=name, address=address, gln=gln)


GLN = "690123400001" + gtin_check_digit("690123400001")


def plot(code: str) -> str:
    return f"urn:foodtrace:lot:{code}"


def build_chain() -> Chain:
    farm = make_business("430102", "farm_base", name="芙蓉区绿源蔬菜基地")
    processor = make_business("430102", "producer", name="芙蓉区鲜食加工厂")
    market = make_business("430102", "wholesale_market", name="芙蓉区红星批发市场")
    shop = make_business("430102", "supermarket", name="芙蓉区惠民超市")
    field_loc = place(farm, "field", "3号地块", "芙蓉区东岸乡1号北")
    plant = place(processor, "plant", "一号车间", gln=GLN)
    stall = place(market, "stall", "A区12号")
    store = place(shop, "store", "五一店")
    product = make_product(processor, category="vegetables.leafy", name="净菜沙拉", specification="250g/盒")
    make_licence(processor)
    make_licence(market)
    make_licence(shop, status="suspended")
    chain = Chain(farm, processor, market, shop, field_loc, plant, stall, store, product)
    docs = chain.documents = {
        "po": "urn:foodtrace:po:PO2026030101", "desadv": "urn:foodtrace:desadv:DA2026030101",
        "qc": "urn:foodtrace:qc:QC2026030101", "inv_a": "urn:foodtrace:inv:INV202603030001",
        "inv_c1": "urn:foodtrace:inv:INV202603040001",
    }
    regulator = make_user("city_admin")
    farm_lot = qty(plot(FARM_LOT), 500)
    send(regulator,
         event("ObjectEvent", field_loc, "2026-03-01T08:00:00+08:00", action="ADD", bizStep="commissioning",
               disposition="active", quantityList=[farm_lot],
               ilmd={"cbvmda:harvestStartDate": "2026-03-01", "cbvmda:countryOfOrigin": "CN"}),
         event("ObjectEvent", field_loc, "2026-03-01T10:00:00+08:00", action="OBSERVE", bizStep="storing",
               disposition="in_progress", quantityList=[farm_lot],
               sensorElementList=[{"sensorMetadata": {"time": "2026-03-01T10:00:00+08:00"},
                                   "sensorReport": [{"type": "Temperature", "meanValue": 3.5, "uom": "CEL"}]}]),
         event("ObjectEvent", field_loc, "2026-03-01T12:00:00+08:00", action="OBSERVE", bizStep="shipping",
               disposition="in_transit", quantityList=[farm_lot],
               bizTransactionList=[{"type": "po", "bizTransaction": docs["po"]},
                                   {"type": "desadv", "bizTransaction": docs["desadv"]},
                                   {"type": QUARANTINE, "bizTransaction": docs["qc"]}],
               sourceList=[{"type": "owning_party", "source": party(farm)}],
               destinationList=[{"type": "owning_party", "destination": party(processor)},
                                {"type": "location", "destination": loc(plant)["id"]}]))
    lot_a, lot_b = qty(chain.lot_a_uri, 300), qty(chain.lot_b_uri, 150)
    send(regulator,
         event("ObjectEvent", plant, "2026-03-01T18:00:00+08:00", action="OBSERVE", bizStep="receiving",
               disposition="in_progress", quantityList=[farm_lot],
               bizTransactionList=[{"type": "po", "bizTransaction": docs["po"]},
                                   {"type": "desadv", "bizTransaction": docs["desadv"]}],
               sourceList=[{"type": "owning_party", "source": party(farm)}],
               destinationList=[{"type": "owning_party", "destination": party(processor)}]),
         event("TransformationEvent", plant, "2026-03-02T09:00:00+08:00", bizStep="commissioning",
               disposition="active", inputQuantityList=[farm_lot], outputQuantityList=[lot_a, lot_b],
               ilmd={"cbvmda:productionDate": "2026-03-02", "cbvmda:itemExpirationDate": "2026-03-09"}),
         event("ObjectEvent", plant, "2026-03-03T09:00:00+08:00", action="OBSERVE", bizStep="shipping",
               disposition="in_transit", quantityList=[lot_a],
               bizTransactionList=[{"type": "inv", "bizTransaction": docs["inv_a"]}],
               sourceList=[{"type": "owning_party", "source": party(processor)}],
               destinationList=[{"type": "owning_party", "destination": party(market)},
                                {"type": "location", "destination": loc(stall)["id"]}]))
    child_1, child_2 = qty(plot(CHILD_1), 60), qty(plot(CHILD_2), 40)
    send(regulator,
         event("ObjectEvent", stall, "2026-03-03T15:00:00+08:00", action="OBSERVE", bizStep="receiving",
               disposition="in_progress", quantityList=[lot_a],
               bizTransactionList=[{"type": "inv", "bizTransaction": docs["inv_a"]}],
               sourceList=[{"type": "owning_party", "source": party(processor)}],
               destinationList=[{"type": "owning_party", "destination": party(market)}]),
         event("TransformationEvent", stall, "2026-03-04T08:00:00+08:00", bizStep="repackaging",
               disposition="active", inputQuantityList=[qty(chain.lot_a_uri, 100)],
               outputQuantityList=[child_1, child_2]),
         event("ObjectEvent", stall, "2026-03-04T10:00:00+08:00", action="OBSERVE", bizStep="shipping",
               disposition="in_transit", quantityList=[child_1],
               bizTransactionList=[{"type": "inv", "bizTransaction": docs["inv_c1"]}],
               sourceList=[{"type": "owning_party", "source": party(market)}],
               destinationList=[{"type": "owning_party", "destination": party(shop)}]))
    send(regulator,
         event("ObjectEvent", store, "2026-03-04T14:00:00+08:00", action="OBSERVE", bizStep="receiving",
               disposition="in_progress", quantityList=[child_1],
               bizTransactionList=[{"type": "inv", "bizTransaction": docs["inv_c1"]}],
               sourceList=[{"type": "owning_party", "source": party(market)}],
               destinationList=[{"type": "owning_party", "destination": party(shop)}]),
         event("ObjectEvent", store, "2026-03-05T09:00:00+08:00", action="OBSERVE", bizStep="retail_selling",
               disposition="retail_sold", quantityList=[qty(plot(CHILD_1), 20)]))
    # Unrelated: another harvest the next day at the same farm.
    send(regulator,
         event("ObjectEvent", field_loc, "2026-03-02T07:30:00+08:00", action="ADD", bizStep="commissioning",
               disposition="active", quantityList=[qty(plot(OTHER_FARM_LOT), 80)],
               ilmd={"cbvmda:harvestStartDate": "2026-03-02"}))
    return chain


@pytest.fixture
def chain(db) -> Chain:
    return build_chain()
