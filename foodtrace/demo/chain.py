"""A Changsha pork chain as EPCIS events (the plan's 肉菜追溯 example), for the demo data and the tests.

    breeding farm ──pigs P──▶ slaughterhouse ──carcass lot C──▶ wholesale market
        the market splits C into M1 (supermarket), M2 (farmers' market stall), M3 (restaurant), M4 (sausage maker)
    the sausage maker transforms M4 + casings into sausage lot S ──▶ school canteen and the supermarket
    returned sausages are reworked: S → R (rework lot) → S again (a cycle)
and an unrelated lot U: another farm's pigs sold through the same market to the same supermarket.

``pork_chain`` only builds the documents; the caller captures each as the business that records it.
"""

from dataclasses import dataclass, field

CONTEXT = ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"]
QUARANTINE = "urn:foodtrace:btt:quarantine_cert"
ROLES = ("farm", "slaughterhouse", "market", "supermarket", "stall", "restaurant", "sausage", "canteen",
         "other_farm")


def party(business) -> str:
    return f"urn:foodtrace:party:uscc:{business.uscc}"


def _loc(location) -> dict:
    return {"id": f"urn:foodtrace:loc:{location.code}"}


def _q(uri: str, quantity: float, uom: str = "KGM") -> dict:
    return {"epcClass": uri, "quantity": quantity, "uom": uom}


@dataclass
class PorkChain:
    businesses: dict  # role -> Business
    locations: dict  # role -> Location
    month: str = "2026-11"
    lots: dict = field(default_factory=dict)  # name -> URI as captured
    documents: list = field(default_factory=list)  # (role, [events]) in the order they are captured

    def event(self, role: str, kind: str, time: str, **fields) -> dict:
        where = _loc(self.locations[role])
        return {"type": kind, "eventTime": f"{self.month}-{time}+08:00", "eventTimeZoneOffset": "+08:00", **fields,
                "readPoint": where, "bizLocation": where}

    def _moved(self, role: str, step: str, sender: str, receiver: str, lots, time: str, documents=()) -> dict:
        event = self.event(role, "ObjectEvent", time, action="OBSERVE", bizStep=step,
                           disposition="in_transit" if step == "shipping" else "in_progress",
                           quantityList=[_q(*lot) for lot in lots],
                           sourceList=[{"type": "owning_party", "source": party(self.businesses[sender])}],
                           destinationList=[{"type": "owning_party",
                                             "destination": party(self.businesses[receiver])}])
        if documents:
            event["bizTransactionList"] = [{"type": t, "bizTransaction": v} for t, v in documents]
        return event

    def ship(self, sender: str, receiver: str, lots, time: str, documents=()) -> dict:
        return self._moved(sender, "shipping", sender, receiver, lots, time, documents)

    def receive(self, receiver: str, sender: str, lots, time: str) -> dict:
        return self._moved(receiver, "receiving", sender, receiver, lots, time)

    def add(self, role: str, *events) -> None:
        self.documents.append((role, list(events)))


def pork_chain(businesses: dict, locations: dict, *, carcass_gtin: str | None, sausage_gtin: str | None,
               tag: str = "0000", month: str = "2026-11") -> PorkChain:
    """The chain's documents for the given members (``ROLES``); ``tag`` (4 characters 0-9A-Z) keeps the lot
    codes of several chains apart. Without a GTIN a lot gets a platform lot code instead."""
    chain = PorkChain(businesses, locations, month=month)
    lots = chain.lots

    def lot(gtin, lot_number, platform_suffix):
        if gtin:
            return f"https://id.gs1.org/01/{gtin}/10/{lot_number}{tag}"
        return f"urn:foodtrace:lot:T{tag}{platform_suffix:0>11}"

    lots["P"] = f"urn:foodtrace:lot:T{tag}000000FARMP"
    lots["U"] = f"urn:foodtrace:lot:T{tag}000000FARMU"
    lots["C"] = lot(carcass_gtin, "C1101", "CARCASS")
    lots.update({f"M{i}": f"urn:foodtrace:lot:T{tag}0000000MKT{i}" for i in range(1, 5)})
    lots["S"] = lot(sausage_gtin, "S1105", "SAUSAGE")
    lots["R"] = lot(sausage_gtin, "R1110", "REWORK")
    lots["casings"] = f"urn:foodtrace:lot:T{tag}0000CASINGS"
    lots["pallet"] = _sscc(tag)
    pallet = lots["pallet"]
    farm_docs = [(QUARANTINE, f"urn:foodtrace:qc:A{tag}0001"), ("inv", f"urn:foodtrace:inv:F{tag}0001")]

    chain.add("farm",
              chain.event("farm", "ObjectEvent", "01T08:00:00", action="ADD", bizStep="commissioning",
                          disposition="active", quantityList=[_q(lots["P"], 1000.0)],
                          ilmd={"cbvmda:countryOfOrigin": "CN"}),
              chain.ship("farm", "slaughterhouse", [(lots["P"], 1000.0)], "01T10:00:00", farm_docs))
    chain.add("other_farm",
              chain.event("other_farm", "ObjectEvent", "01T08:30:00", action="ADD", bizStep="commissioning",
                          disposition="active", quantityList=[_q(lots["U"], 500.0)]),
              chain.ship("other_farm", "market", [(lots["U"], 500.0)], "01T11:00:00"))
    chain.add("slaughterhouse",
              chain.receive("slaughterhouse", "farm", [(lots["P"], 1000.0)], "01T14:00:00"),
              chain.event("slaughterhouse", "TransformationEvent", "02T06:00:00", bizStep="commissioning",
                          disposition="active", inputQuantityList=[_q(lots["P"], 1000.0)],
                          outputQuantityList=[_q(lots["C"], 720.0)],
                          ilmd={"cbvmda:productionDate": f"{month}-02"}),
              chain.event("slaughterhouse", "AggregationEvent", "02T07:00:00", action="ADD", bizStep="packing",
                          disposition="container_closed", parentID=pallet,
                          childQuantityList=[_q(lots["C"], 720.0)]),
              {**chain.ship("slaughterhouse", "market", [(lots["C"], 720.0)], "02T08:00:00",
                            [(QUARANTINE, f"urn:foodtrace:qc:B{tag}0002"), ("inv", f"urn:foodtrace:inv:F{tag}0002")]),
               "epcList": [pallet]})
    parts = {"M1": ("supermarket", 200.0), "M2": ("stall", 80.0), "M3": ("restaurant", 60.0),
             "M4": ("sausage", 300.0)}
    market = [
        chain.receive("market", "slaughterhouse", [(lots["C"], 720.0)], "02T12:00:00"),
        chain.receive("market", "other_farm", [(lots["U"], 500.0)], "02T12:30:00"),
        # The split (流通追溯码): the sold part of C becomes smaller lots with codes of their own.
        chain.event("market", "TransformationEvent", "03T05:00:00", bizStep="repackaging", disposition="active",
                    inputQuantityList=[_q(lots["C"], 640.0)],
                    outputQuantityList=[_q(lots[name], qty) for name, (_r, qty) in parts.items()]),
    ]
    for hour, (name, (receiver, qty)) in enumerate(parts.items(), start=6):
        market.append(chain.ship("market", receiver, [(lots[name], qty)], f"03T{hour:02d}:00:00",
                                 [("inv", f"urn:foodtrace:inv:M{tag}{name}")]))
    market.append(chain.ship("market", "supermarket", [(lots["U"], 100.0)], "03T11:00:00"))
    chain.add("market", *market)
    for name, (receiver, qty) in parts.items():
        chain.add(receiver, chain.receive(receiver, "market", [(lots[name], qty)], "03T15:00:00"))
    chain.add("supermarket", chain.receive("supermarket", "market", [(lots["U"], 100.0)], "03T16:00:00"))
    chain.add("sausage",
              chain.event("sausage", "TransformationEvent", "05T08:00:00", bizStep="commissioning",
                          disposition="active", inputQuantityList=[_q(lots["M4"], 300.0), _q(lots["casings"], 5.0)],
                          outputQuantityList=[_q(lots["S"], 250.0)],
                          ilmd={"cbvmda:productionDate": f"{month}-05", "cbvmda:itemExpirationDate": "2027-05-05"}),
              chain.ship("sausage", "canteen", [(lots["S"], 50.0)], "06T08:00:00"),
              chain.ship("sausage", "supermarket", [(lots["S"], 100.0)], "06T09:00:00"),
              # Rework: returned sausages become lot R, which is blended back into S (a cycle in the graph).
              chain.event("sausage", "TransformationEvent", "10T08:00:00", bizStep="commissioning",
                          disposition="active", inputQuantityList=[_q(lots["S"], 10.0)],
                          outputQuantityList=[_q(lots["R"], 9.5)]),
              chain.event("sausage", "TransformationEvent", "11T08:00:00", bizStep="commissioning",
                          disposition="active", inputQuantityList=[_q(lots["R"], 9.5)],
                          outputQuantityList=[_q(lots["S"], 9.5)]))
    chain.add("canteen", chain.receive("canteen", "sausage", [(lots["S"], 50.0)], "06T12:00:00"))
    chain.add("supermarket", chain.receive("supermarket", "sausage", [(lots["S"], 100.0)], "06T13:00:00"))
    return chain


def _sscc(tag: str) -> str:
    """A valid SSCC for the chain's pallet (company prefix 0614141, serial from the tag)."""
    serial = f"{int(tag, 36) % 10 ** 9:09d}"
    body = "0" + "0614141" + serial  # extension digit, company prefix, serial reference: 17 digits
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(body))
    return f"https://id.gs1.org/00/{body}{(10 - total % 10) % 10}"


def document(events: list[dict]) -> dict:
    return {"@context": CONTEXT, "type": "EPCISDocument", "schemaVersion": "2.0",
            "creationDate": "2026-11-20T00:00:00+08:00", "epcisBody": {"eventList": events}}
