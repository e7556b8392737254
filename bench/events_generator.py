"""Realistic Changsha supply-chain EPCIS events for the benches, from the businesses of a demo database.

Run ``manage.py demo --businesses N`` first; the generator reads businesses, locations and GTINs through the
Django ORM (``django.setup()`` must have run). Events are in the internal JSON form (foodtrace.epcis.model:
compact JSON-LD, CBV values as bare words) and follow the chain the plan describes:

    farm_base    commissioning (ADD, ILMD, certificationInfo) -> shipping (po, desadv, quarantine certificate)
    slaughterhouse / producer
                 receiving -> TransformationEvent (farm lots in, platform lots or GTIN lots out, ILMD)
                 -> AggregationEvent ADD onto an SSCC pallet -> shipping (cold-chain sensorElementList, inv)
    wholesale_market
                 receiving -> AggregationEvent DELETE (unpalletise) -> TransactionEvent (invoice)
                 -> ObjectEvent ADD splitting each lot into smaller platform lots (urn:foodtrace:lot:T…)
                 -> shipping each child lot to supermarkets, farmers' market stalls, distributors, restaurants
                    (catering) and canteens
    retail       receiving -> retail_selling (shops, stalls) or consuming (kitchens; own bizStep URI)

bizLocation and readPoint are ``urn:foodtrace:loc:{code}`` of the acting business, so capture's ownership
resolution finds each event's business; sourceList/destinationList name owning parties
``urn:foodtrace:party:uscc:{USCC}`` and locations. Times spread over 2026 at +08:00.

Streaming: chains are generated one at a time, so a million events never sit in memory together. Each round
of chains runs through one wholesale market and the farms, processors and shops around it, which keeps most
businesses' events together for ``documents``.

    generate(n, seed)                    -> iterator of (business_id, event dict)
    documents(n, per_document=1000, seed) -> iterator of (business_id or None, event count, EPCISDocument bytes)
"""

import json
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from foodtrace.identifiers import gtin_check_digit

CST = timezone(timedelta(hours=8))
YEAR_START = datetime(2026, 1, 1, 6, 0, tzinfo=CST)
SPREAD = timedelta(days=340)  # chain starts; a chain lasts a few days, so every event stays in 2026
NAMESPACES = {"ft": "https://foodtrace.example.cn/epcis/"}
CONTEXT = ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld", NAMESPACES]
QUARANTINE = "urn:foodtrace:btt:quarantine_cert"  # 动物检疫合格证明 / 产地检疫证
CONSUMING = "urn:foodtrace:bizstep:consuming"  # CBV has no step for a kitchen using food up
RETAIL_KINDS = ("supermarket", "farmers_market", "distributor", "catering", "canteen")
KITCHEN_KINDS = ("catering", "canteen")
RETAIL_WEIGHTS = (3, 4, 1, 4, 2)
ROUND_CHAINS = 150  # chains per round through one wholesale market
_B36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass
class Biz:
    id: int
    uscc: str
    kind: str
    locations: list[str]
    gtins: list[str] = field(default_factory=list)


def load_registry() -> dict[str, list[Biz]]:
    """Operating businesses that have a location, by kind, with their location codes and GTINs."""
    from foodtrace.registry.models import Business, Location, Product

    locations, gtins = {}, {}
    for business_id, code in Location.objects.filter(is_active=True).order_by("code").values_list(
            "business_id", "code"):
        locations.setdefault(business_id, []).append(code)
    for business_id, gtin in Product.objects.exclude(gtin=None).order_by("gtin").values_list("business_id", "gtin"):
        gtins.setdefault(business_id, []).append(gtin)
    by_kind: dict[str, list[Biz]] = {}
    for pk, uscc, kind in Business.objects.filter(status="operating").order_by("pk").values_list(
            "pk", "uscc", "kind"):
        if pk in locations:
            by_kind.setdefault(kind, []).append(Biz(pk, uscc, kind, locations[pk], gtins.get(pk, [])))
    missing = [k for k in ("farm_base", "wholesale_market") if not by_kind.get(k)]
    if missing or not (by_kind.get("slaughterhouse") or by_kind.get("producer")):
        raise RuntimeError(f"the demo database lacks {missing or 'processors'}: run manage.py demo --businesses 1000")
    return by_kind


def _b36(value: int, width: int) -> str:
    out = []
    for _ in range(width):
        value, digit = divmod(value, 36)
        out.append(_B36[digit])
    return "".join(reversed(out))


def _loc(code: str) -> dict:
    return {"id": f"urn:foodtrace:loc:{code}"}


def _party(uscc: str) -> str:
    return f"urn:foodtrace:party:uscc:{uscc}"


class _Chains:
    """State of one generation run: counters for identifiers, the registry, the random source."""

    def __init__(self, registry: dict[str, list[Biz]], seed: int):
        self.rng = random.Random(seed)
        self.reg = registry
        self.seed = seed
        self.counter = 0
        self.processors = registry.get("slaughterhouse", []) + registry.get("producer", [])
        self.retail = {k: registry.get(k, []) for k in RETAIL_KINDS}
        self.retail_kinds = [k for k in RETAIL_KINDS if self.retail[k]]
        self.retail_weights = [w for k, w in zip(RETAIL_KINDS, RETAIL_WEIGHTS, strict=True) if self.retail[k]]

    def _next(self) -> int:
        self.counter += 1
        return self.seed * 10 ** 9 + self.counter

    def plot(self) -> str:
        return f"urn:foodtrace:lot:T{_b36(self._next(), 15)}"

    def lgtin(self, gtin: str, day: datetime) -> str:
        return f"https://id.gs1.org/01/{gtin}/10/{day:%y%m%d}{_b36(self._next(), 6)}"

    def sscc(self) -> str:
        first17 = f"0697{self.seed % 1000:03d}{self._next() % 10 ** 10:010d}"
        return f"https://id.gs1.org/00/{first17}{gtin_check_digit(first17)}"

    def doc_number(self, prefix: str) -> str:
        return f"urn:foodtrace:{prefix}:{_b36(self._next(), 10)}"

    # --- one round: a wholesale market and its suppliers and customers ---

    def round_members(self):
        rng = self.rng
        market = rng.choice(self.reg["wholesale_market"])
        processors = rng.sample(self.processors, min(3, len(self.processors)))
        farms = rng.sample(self.reg["farm_base"], min(6, len(self.reg["farm_base"])))
        customers = []
        for _ in range(24):
            kind = rng.choices(self.retail_kinds, self.retail_weights)[0]
            customers.append(rng.choice(self.retail[kind]))
        return market, processors, farms, customers

    def chain(self, start: datetime, members) -> list[tuple[int, dict]]:
        rng = self.rng
        market, processors, farms, customers = members
        out: list[tuple[int, dict]] = []
        t = start

        def at(hours: float) -> str:
            nonlocal t
            t += timedelta(hours=hours, seconds=rng.randrange(3600))
            return t.isoformat(timespec="seconds")

        def base(kind: str, biz: Biz, when: str, **fields) -> dict:
            location = rng.choice(biz.locations)
            event = {"type": kind, "eventTime": when, "eventTimeZoneOffset": "+08:00", **fields}
            event["readPoint"] = _loc(location)
            event["bizLocation"] = _loc(location)
            return event

        def ship(sender: Biz, receiver: Biz, lots: list[dict], transactions: list[dict], sensor: bool) -> dict:
            event = base("ObjectEvent", sender, at(rng.uniform(1, 6)), action="OBSERVE", bizStep="shipping",
                         disposition="in_transit", quantityList=lots, bizTransactionList=transactions,
                         sourceList=[{"type": "owning_party", "source": _party(sender.uscc)}],
                         destinationList=[{"type": "owning_party", "destination": _party(receiver.uscc)},
                                          {"type": "location",
                                           "destination": f"urn:foodtrace:loc:{receiver.locations[0]}"}])
            if sensor:
                event["sensorElementList"] = [_cold_chain(rng, event["eventTime"])]
            out.append((sender.id, event))
            return event

        def receive(receiver: Biz, sender: Biz, lots: list[dict], transactions: list[dict]) -> None:
            event = base("ObjectEvent", receiver, at(rng.uniform(2, 10)), action="OBSERVE", bizStep="receiving",
                         disposition="in_progress", quantityList=lots, bizTransactionList=transactions,
                         sourceList=[{"type": "owning_party", "source": _party(sender.uscc)}],
                         destinationList=[{"type": "owning_party", "destination": _party(receiver.uscc)}])
            out.append((receiver.id, event))

        # 1. Farms: harvest / slaughter-ready animals commissioned as platform lots.
        processor = rng.choice(processors)
        farm_lots = []
        for farm in rng.sample(farms, rng.randint(1, min(3, len(farms)))):
            lot = {"epcClass": self.plot(), "quantity": float(rng.randint(50, 2000)), "uom": "KGM"}
            made = at(rng.uniform(0, 4))
            event = base("ObjectEvent", farm, made, action="ADD", bizStep="commissioning", disposition="active",
                         quantityList=[lot],
                         ilmd={"cbvmda:harvestStartDate": made[:10], "cbvmda:countryOfOrigin": "CN",
                               "ft:originRegion": farm.locations[0][1:7]})
            if rng.random() < 0.3:
                event["certificationInfo"] = f"urn:foodtrace:cert:gap:{_b36(self._next(), 8)}"
            out.append((farm.id, event))
            docs = [{"type": "po", "bizTransaction": self.doc_number("po")},
                    {"type": "desadv", "bizTransaction": self.doc_number("desadv")},
                    {"type": QUARANTINE, "bizTransaction": self.doc_number("qc")}]
            ship(farm, processor, [lot], docs, sensor=False)
            receive(processor, farm, [lot], docs[:2])
            farm_lots.append(lot)

        # 2. Processor: transform the farm lots (pork -> cuts, sausages), palletise, ship to the market.
        made = at(rng.uniform(2, 12))
        outputs = []
        total = sum(lot["quantity"] for lot in farm_lots)
        for _ in range(rng.randint(1, 3)):
            share = round(total * rng.uniform(0.2, 0.45), 1)
            if processor.gtins:
                outputs.append({"epcClass": self.lgtin(rng.choice(processor.gtins), t), "quantity": share,
                                "uom": "KGM"})
            else:
                outputs.append({"epcClass": self.plot(), "quantity": share, "uom": "KGM"})
        expiry = (t + timedelta(days=rng.choice((3, 7, 30, 180)))).date().isoformat()
        out.append((processor.id, base(
            "TransformationEvent", processor, made, bizStep="commissioning", disposition="active",
            inputQuantityList=farm_lots, outputQuantityList=outputs,
            transformationID=f"urn:foodtrace:xform:{_b36(self._next(), 10)}",
            ilmd={"cbvmda:productionDate": made[:10], "cbvmda:itemExpirationDate": expiry,
                  "cbvmda:storageStateCode": "CHILLED"})))
        pallet = self.sscc()
        out.append((processor.id, base("AggregationEvent", processor, at(1), action="ADD", bizStep="packing",
                                       disposition="container_closed", parentID=pallet, childQuantityList=outputs)))
        docs = [{"type": "inv", "bizTransaction": self.doc_number("inv")},
                {"type": "desadv", "bizTransaction": self.doc_number("desadv")}]
        if processor.kind == "slaughterhouse":
            docs.append({"type": QUARANTINE, "bizTransaction": self.doc_number("qc")})
        sent = ship(processor, market, outputs, docs, sensor=True)
        sent["epcList"] = [pallet]  # the pallet travels as its SSCC

        # 3. Wholesale market: receive, unpalletise, invoice, split into smaller lots, ship to customers.
        receive(market, processor, outputs, docs[:2])
        out.append((market.id, base("AggregationEvent", market, at(0.5), action="DELETE", bizStep="unpacking",
                                    disposition="container_open", parentID=pallet, childQuantityList=outputs)))
        out.append((market.id, base("TransactionEvent", market, at(0.2), action="ADD", bizStep="accepting",
                                    disposition="in_progress", quantityList=outputs,
                                    bizTransactionList=[docs[0], {"type": "po",
                                                                  "bizTransaction": self.doc_number("po")}])))
        for parent in outputs:
            children = []
            for _ in range(rng.randint(2, 5)):
                children.append({"epcClass": self.plot(),
                                 "quantity": round(parent["quantity"] * rng.uniform(0.05, 0.2), 1), "uom": "KGM"})
            # A split (流通追溯码): the parent lot's sold part becomes smaller lots with codes of their own.
            split = {**parent, "quantity": round(sum(c["quantity"] for c in children), 1)}
            out.append((market.id, base("TransformationEvent", market, at(1), bizStep="repackaging",
                                        disposition="active", inputQuantityList=[split],
                                        outputQuantityList=children)))
            for child in children:
                customer = rng.choice(customers)
                ticket = [{"type": "inv", "bizTransaction": self.doc_number("inv")}]
                ship(market, customer, [child], ticket, sensor=rng.random() < 0.25)
                receive(customer, market, [child], ticket)
                kitchen = customer.kind in KITCHEN_KINDS
                used = {**child, "quantity": round(child["quantity"] * rng.uniform(0.3, 1), 1)}
                out.append((customer.id, base(
                    "ObjectEvent", customer, at(rng.uniform(2, 30)), action="OBSERVE",
                    bizStep=CONSUMING if kitchen else "retail_selling",
                    disposition="dispensed" if kitchen else "retail_sold", quantityList=[used])))
                t -= timedelta(hours=6)  # the next child leaves the market soon after this one
        return out


def _cold_chain(rng: random.Random, when: str) -> dict:
    mean = round(rng.uniform(0.5, 4.5), 1)
    return {"sensorMetadata": {"time": when, "deviceID": f"urn:foodtrace:sensor:{rng.randrange(10 ** 6):06d}"},
            "sensorReport": [{"type": "Temperature", "minValue": round(mean - rng.uniform(0, 2), 1),
                              "maxValue": round(mean + rng.uniform(0, 3), 1), "meanValue": mean, "uom": "CEL"}]}


def generate(n: int, seed: int = 2026, registry: dict | None = None):
    """``n`` events as (business_id, event dict), in chain order, streaming."""
    chains = _Chains(registry or load_registry(), seed)
    produced, index = 0, 0
    members = None
    estimated_chains = max(1, n // 35)  # about 35 events per chain
    while produced < n:
        if index % ROUND_CHAINS == 0:
            members = chains.round_members()
        start = YEAR_START + SPREAD * min(1.0, index / estimated_chains)
        for item in chains.chain(start, members):
            yield item
            produced += 1
            if produced >= n:
                return
        index += 1


def document_bytes(events: list[dict]) -> bytes:
    doc = {"@context": CONTEXT, "type": "EPCISDocument", "schemaVersion": "2.0",
           "creationDate": "2026-12-31T00:00:00+08:00", "epcisBody": {"eventList": events}}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()


def documents(n: int, per_document: int = 1000, seed: int = 2026, *, by_business: bool = True,
              max_buffered: int = 50_000, registry: dict | None = None):
    """EPCISDocuments of up to ``per_document`` events as (business_id or None, event count, JSON bytes).

    ``by_business``: each document's events belong to one business. Events wait in one bucket per business
    until it is full; when more than ``max_buffered`` events wait, the fullest buckets go out early (a
    small shop's upload is a small document). Without it, documents take events in chain order."""
    events = generate(n, seed, registry)
    if not by_business:
        batch = []
        for _business, event in events:
            batch.append(event)
            if len(batch) == per_document:
                yield None, len(batch), document_bytes(batch)
                batch = []
        if batch:
            yield None, len(batch), document_bytes(batch)
        return
    buckets: dict[int, list[dict]] = {}
    waiting = 0
    for business, event in events:
        bucket = buckets.setdefault(business, [])
        bucket.append(event)
        waiting += 1
        if len(bucket) == per_document:
            waiting -= len(bucket)
            yield business, len(bucket), document_bytes(buckets.pop(business))
        elif waiting > max_buffered:
            for business_id in sorted(buckets, key=lambda b: len(buckets[b]), reverse=True):
                bucket = buckets.pop(business_id)
                waiting -= len(bucket)
                yield business_id, len(bucket), document_bytes(bucket)
                if waiting <= max_buffered // 2:
                    break
    for business_id, bucket in buckets.items():
        yield business_id, len(bucket), document_bytes(bucket)
