"""Plain words for the codes the platform records: UN/ECE Recommendation 20/21 units and EPCIS 2.0 / CBV 2.0
event types, actions, business steps and dispositions — 千克 not KGM, 发货 not ObjectEvent OBSERVE shipping.

The standard term stays where machines and experts read it: in the JSON, and in the ``title`` tooltip of a
page (``event_term``, ``unit_term``). Every look-up is a dictionary look-up and a gettext call (the public
look-up formats each step of a chain with them).
"""

from __future__ import annotations

from django.utils.translation import pgettext_lazy


def _(text: str):
    # Context "cbv": "Expired", "Receiving" and the like are other things elsewhere on the platform.
    return pgettext_lazy("cbv", text)


# UN/ECE Rec 20 (units) and Rec 21 (packages, "X" + code) the platform accepts in ledgers
# (foodtrace/ledgers/units.py) and meets in captured events and the FSMA 204 sheet. A code outside the table is
# shown as written (tests/display/test_words.py holds the ledger units inside it).
UNITS = {
    "KGM": pgettext_lazy("unit", "kg"), "GRM": pgettext_lazy("unit", "g"), "MGM": pgettext_lazy("unit", "mg"),
    "TNE": pgettext_lazy("unit", "t"), "LBR": pgettext_lazy("unit", "lb"), "ONZ": pgettext_lazy("unit", "oz"),
    "LTR": pgettext_lazy("unit", "L"), "MLT": pgettext_lazy("unit", "mL"), "MTQ": pgettext_lazy("unit", "m³"),
    "MTR": pgettext_lazy("unit", "m"),
    "H87": pgettext_lazy("unit", "pieces"), "EA": pgettext_lazy("unit", "each"), "C62": pgettext_lazy("unit", "units"),
    "DZN": pgettext_lazy("unit", "dozen"),
    "XBX": pgettext_lazy("unit", "boxes"), "BX": pgettext_lazy("unit", "boxes"),
    "XCS": pgettext_lazy("unit", "cases"), "CS": pgettext_lazy("unit", "cases"),
    "XCT": pgettext_lazy("unit", "cartons"), "CT": pgettext_lazy("unit", "cartons"),
    "XPK": pgettext_lazy("unit", "packs"), "PK": pgettext_lazy("unit", "packs"),
    "XBG": pgettext_lazy("unit", "bags"), "BG": pgettext_lazy("unit", "bags"),
    "XBO": pgettext_lazy("unit", "bottles"), "BO": pgettext_lazy("unit", "bottles"),
    "XPX": pgettext_lazy("unit", "pallets"), "PF": pgettext_lazy("unit", "pallets"),
    "XCR": pgettext_lazy("unit", "crates"), "XTN": pgettext_lazy("unit", "tins"), "XJR": pgettext_lazy("unit", "jars"),
    "XSA": pgettext_lazy("unit", "sacks"),
}

EVENT_TYPES = {
    "ObjectEvent": _("Object event"), "AggregationEvent": _("Aggregation event"),
    "TransformationEvent": _("Transformation event"), "TransactionEvent": _("Transaction event"),
    "AssociationEvent": _("Association event"),
}

# CBV 2.0 §7.1 business steps, and the platform's own (urn:foodtrace:bizstep:…, and two words farms use).
BIZ_STEPS = {
    "accepting": _("Accepting"), "arriving": _("Arriving"), "assembling": _("Assembling"),
    "collecting": _("Collecting"), "commissioning": _("Production / coding"), "consigning": _("Consigning"),
    "creating_class_instance": _("Creating a lot"), "cycle_counting": _("Cycle counting"),
    "decommissioning": _("Decommissioning"), "departing": _("Departing"), "destroying": _("Destroying"),
    "disassembling": _("Disassembling"), "dispensing": _("Dispensing"), "encoding": _("Encoding"),
    "entering_exiting": _("Entering / exiting"), "holding": _("Holding"), "inspecting": _("Inspecting"),
    "installing": _("Installing"), "killing": _("Slaughtering"), "loading": _("Loading"),
    "other": _("Other step"), "packing": _("Packing"), "picking": _("Picking"), "receiving": _("Receiving"),
    "removing": _("Removing"), "repackaging": _("Repackaging / splitting"), "repairing": _("Repairing"),
    "replacing": _("Replacing"), "reserving": _("Reserving"), "retail_selling": _("Retail sale"),
    "sampling": _("Sampling"), "sensor_reporting": _("Sensor reading"), "shipping": _("Shipping"),
    "staging_outbound": _("Staging for shipping"), "stock_taking": _("Stocktaking"),
    "stocking": _("Stocking shelves"), "storing": _("Storing"), "transporting": _("Transporting"),
    "unloading": _("Unloading"), "unpacking": _("Unpacking"), "void_shipping": _("Shipment cancelled"),
    "urn:foodtrace:bizstep:consuming": _("Used in the kitchen"), "harvesting": _("Harvesting"),
    "slaughtering": _("Slaughtering"),
}

# CBV 2.0 §7.2 dispositions.
DISPOSITIONS = {
    "active": _("Active"), "available": _("Available"), "completeness_inferred": _("Completeness inferred"),
    "completeness_verified": _("Completeness verified"), "conformant": _("Conformant"),
    "container_closed": _("Container closed"), "container_open": _("Container open"), "damaged": _("Damaged"),
    "destroyed": _("Destroyed"), "dispensed": _("Dispensed"), "disposed": _("Disposed of"),
    "encoded": _("Encoded"), "expired": _("Expired"), "in_progress": _("In circulation"),
    "in_transit": _("In transit"), "inactive": _("Inactive"), "mismatch_class": _("Class mismatch"),
    "mismatch_instance": _("Instance mismatch"), "mismatch_quantity": _("Quantity mismatch"),
    "needs_replacement": _("Needs replacement"), "no_pedigree_match": _("No pedigree match"),
    "non_conformant": _("Non-conformant"), "non_sellable_other": _("Not sellable"),
    "partially_dispensed": _("Partially dispensed"), "recalled": _("Recalled"), "reserved": _("Reserved"),
    "retail_sold": _("Sold"), "returned": _("Returned"), "sellable_accessible": _("Sellable"),
    "sellable_not_accessible": _("Sellable, not accessible"), "stolen": _("Stolen"),
    "unavailable": _("Unavailable"), "unknown": _("Unknown"),
}

# What an event without a business step (or with one not in the table) did, by its type and action.
_WITHOUT_STEP = {
    ("TransformationEvent", ""): _("Processing"),
    ("AggregationEvent", "ADD"): _("Packed into a container"),
    ("AggregationEvent", "DELETE"): _("Taken out of a container"),
    ("AggregationEvent", "OBSERVE"): _("Container checked"),
    ("AssociationEvent", "ADD"): _("Associated"), ("AssociationEvent", "DELETE"): _("Disassociated"),
    ("ObjectEvent", "ADD"): _("Coded"), ("ObjectEvent", "DELETE"): _("Code withdrawn"),
    ("TransactionEvent", "ADD"): _("Transaction recorded"), ("TransactionEvent", "DELETE"): _("Transaction ended"),
}

_CBV_PREFIXES = ("urn:epcglobal:cbv:bizstep:", "https://ref.gs1.org/cbv/BizStep-",
                 "urn:epcglobal:cbv:disp:", "https://ref.gs1.org/cbv/Disp-")


def _bare(value: str) -> str:
    for prefix in _CBV_PREFIXES:
        if value.startswith(prefix):
            return value[len(prefix):]
    return value


def unit_word(code: str | None) -> str:
    """千克 for KGM (kg in English); an unknown code as written; "" for nothing."""
    if not code:
        return ""
    word = UNITS.get(code)
    return str(word) if word is not None else code


def quantity_text(quantity, code: str | None) -> str:
    """"120.5 千克": a number without trailing zeros and its unit word; "" without a quantity."""
    if quantity is None or quantity == "":
        return ""
    if isinstance(quantity, float):
        number = f"{quantity:g}" if abs(quantity) < 1e15 else str(quantity)
    else:
        number = str(quantity)
        if "." in number:
            number = number.rstrip("0").rstrip(".")
    return f"{number} {unit_word(code)}".strip()


def biz_step_word(value: str | None) -> str:
    """发货 for shipping (any CBV form); a step outside CBV as written; "" for nothing."""
    if not value:
        return ""
    word = BIZ_STEPS.get(_bare(value))
    return str(word) if word is not None else value


def disposition_word(value: str | None) -> str:
    if not value:
        return ""
    word = DISPOSITIONS.get(_bare(value))
    return str(word) if word is not None else value


def event_word(event_type: str | None, action: str | None = None, biz_step: str | None = None) -> str:
    """What an event did, in one plain word: its business step's word (发货, 收货, 赋码/生产), else what its type
    and action mean (加工 for a transformation, 装箱 for an aggregation ADD), else 记录."""
    if biz_step and _bare(biz_step) in BIZ_STEPS:
        return str(BIZ_STEPS[_bare(biz_step)])
    word = _WITHOUT_STEP.get((event_type or "", "" if event_type == "TransformationEvent" else (action or "")))
    if word is not None:
        return str(word)
    if biz_step:
        return biz_step
    return str(_("Recorded"))


def event_term(event_type: str | None, action: str | None = None, biz_step: str | None = None) -> str:
    """The standard's words for the tooltip: "ObjectEvent OBSERVE shipping"."""
    return " ".join(part for part in (event_type, action, _bare(biz_step or "")) if part)
