"""What the XML binding's reader and writer share: namespaces, the XSD's element order per event type, and
numbers between xsd:decimal/xsd:double text and JSON numbers."""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation

from foodtrace.epcis.model import CBV_MDA_NS, EPCIS_NS

EPCISQ_NS = "urn:epcglobal:epcis-query:xsd:2"
SBDH_NS = "http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"

_BINDING_NAMESPACES = frozenset({EPCIS_NS, EPCISQ_NS})
# Prefixes a JSON-born event may use without declaring them (they come from GS1's JSON-LD context or are
# conventional); the XML binding needs a namespace for every element, so these fill the gap.
_DEFAULT_PREFIXES = {
    "sbdh": SBDH_NS,
    "xsi": XSI_NS,
    "xsd": "http://www.w3.org/2001/XMLSchema",
    "cbvmda": CBV_MDA_NS,  # the XML binding's master-data namespace (JSON-LD writes it with a trailing ':')
    "gs1": "https://gs1.org/voc/",
    "cbv": "https://ref.gs1.org/cbv/",
}

_EPC_LISTS = frozenset({"epcList", "childEPCs", "inputEPCList", "outputEPCList"})
_QUANTITY_LISTS = frozenset({"quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList"})
_TEXT_FIELDS = frozenset({
    "eventTime", "recordTime", "eventTimeZoneOffset", "eventID", "certificationInfo", "action", "bizStep",
    "disposition", "parentID", "transformationID",
})
# SensorReport/SensorMetadata attributes typed xsd:double / xsd:boolean in the XSD; the JSON binding
# carries them as JSON numbers / booleans, everything else as strings.
_SENSOR_NUMBERS = frozenset({"value", "minValue", "maxValue", "sDev", "meanValue", "percRank", "percValue"})
_SENSOR_BOOLEANS = frozenset({"booleanValue"})

# Element order of each event type, from EPCglobal-epcis-2_0.xsd (EPCISEventType, then the type's own
# sequence). The XSD is a strict sequence, so serialisation must follow it.
_BASE_ORDER = ("eventTime", "recordTime", "eventTimeZoneOffset", "eventID", "errorDeclaration", "certificationInfo")
_TAIL = ("sourceList", "destinationList", "sensorElementList", "persistentDisposition")
_WHERE_WHY = ("bizStep", "disposition", "readPoint", "bizLocation")
_EVENT_ORDER = {
    "ObjectEvent": ("epcList", "action", *_WHERE_WHY, "bizTransactionList", "quantityList", *_TAIL, "ilmd"),
    "AggregationEvent": ("parentID", "childEPCs", "action", *_WHERE_WHY, "bizTransactionList",
                         "childQuantityList", *_TAIL),
    "TransactionEvent": ("bizTransactionList", "parentID", "epcList", "action", *_WHERE_WHY, "quantityList",
                         *_TAIL),
    "TransformationEvent": ("inputEPCList", "inputQuantityList", "outputEPCList", "outputQuantityList",
                            "transformationID", *_WHERE_WHY, "bizTransactionList", *_TAIL, "ilmd"),
    "AssociationEvent": ("parentID", "childEPCs", "childQuantityList", "action", *_WHERE_WHY,
                         "bizTransactionList", *_TAIL),
}




def _number(text: str) -> int | float:
    """xsd:decimal / xsd:double text → a JSON number: int when integral (as GS1's JSON writes 200), else float."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return float(text)  # "INF", "NaN" and friends are valid xsd:double; float() knows them or raises
    if value.is_finite() and value == value.to_integral_value():
        return int(value)
    return float(value)


def _format_number(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value):
            if value.is_integer():
                return str(int(value))
            # repr gives the shortest round-tripping digits; Decimal avoids "1e-07", which xsd:decimal refuses
            return format(Decimal(repr(value)), "f")
        return "INF" if value > 0 else ("-INF" if value < 0 else "NaN")
    return str(value)


def _local(tag: str) -> tuple[str | None, str]:
    if tag[0] == "{":
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return None, tag

