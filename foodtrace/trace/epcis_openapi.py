"""What /epcis/openapi.json declares beyond Ninja's defaults: the capture bodies, the answers, the problem body.

The views of the EPCIS binding read the raw body (JSON-LD or XML) themselves, so Ninja sees no request
schema; without these declarations clients (and the API fuzz in the test suite) would never learn what a
capture takes. The document schemas are the outline of GS1's EPCIS 2.0 JSON schema and XSD — the parts
every document has — not the whole standard: the capture code checks the rest and answers 400 with the
standard's exception.
"""

from foodtrace.epcis.model import EPCIS_NS, EVENT_TYPES, GS1_CONTEXT

PROBLEM = {
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string", "description": "epcisException:<name> (EPCIS 2.0 §12.4)"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object"}},
    },
}

_OFFSET = "^[+-](0[0-9]|1[0-3]):[0-5][0-9]$|^[+-]14:00$"
_EPC = {"type": "string", "maxLength": 200}
_QUANTITY = {"type": "object", "required": ["epcClass"], "properties": {
    "epcClass": _EPC, "quantity": {"type": "number"}, "uom": {"type": "string", "maxLength": 3}}}

EVENT = {
    "type": "object",
    "required": ["type", "eventTime", "eventTimeZoneOffset"],
    "properties": {
        "type": {"enum": list(EVENT_TYPES)},
        "eventID": {"type": "string", "maxLength": 200},
        "eventTime": {"type": "string", "format": "date-time"},
        "eventTimeZoneOffset": {"type": "string", "pattern": _OFFSET},
        "action": {"enum": ["ADD", "OBSERVE", "DELETE"]},
        "bizStep": {"type": "string", "maxLength": 100},
        "disposition": {"type": "string", "maxLength": 100},
        "epcList": {"type": "array", "items": _EPC, "maxItems": 5},
        "quantityList": {"type": "array", "items": _QUANTITY, "maxItems": 5},
        "readPoint": {"type": "object", "required": ["id"], "properties": {"id": _EPC}},
        "bizLocation": {"type": "object", "required": ["id"], "properties": {"id": _EPC}},
    },
}

DOCUMENT = {
    "type": "object",
    "required": ["@context", "type", "schemaVersion", "creationDate", "epcisBody"],
    "properties": {
        "@context": {"anyOf": [{"type": "string", "enum": [GS1_CONTEXT]},
                               {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "object"}]}}]},
        "type": {"enum": ["EPCISDocument"]},
        "schemaVersion": {"enum": ["2.0"]},
        "creationDate": {"type": "string", "format": "date-time"},
        "epcisBody": {"type": "object", "required": ["eventList"], "properties": {
            "eventList": {"type": "array", "items": {"$ref": "#/components/schemas/EPCISEvent"}, "maxItems": 5}}},
    },
}

SINGLE_EVENT = {"allOf": [{"$ref": "#/components/schemas/EPCISEvent"},
                          {"type": "object", "required": ["@context"], "properties": {
                              "@context": DOCUMENT["properties"]["@context"]}}]}

_XML_EVENT = {"type": "object", "properties": {
    "eventTime": {"type": "string", "format": "date-time"},
    "eventTimeZoneOffset": {"type": "string", "pattern": _OFFSET},
    "epcList": {"type": "object", "properties": {"epc": {"type": "array", "items": _EPC, "maxItems": 3,
                                                          "xml": {"wrapped": False}}}},
    "action": {"enum": ["ADD", "OBSERVE", "DELETE"]},
    "bizStep": {"type": "string", "maxLength": 100},
    "readPoint": {"type": "object", "properties": {"id": _EPC}},
}}

XML_DOCUMENT = {
    "type": "object",
    "xml": {"name": "EPCISDocument", "prefix": "epcis", "namespace": EPCIS_NS},
    "properties": {
        "schemaVersion": {"enum": ["2.0"], "xml": {"attribute": True}},
        "creationDate": {"type": "string", "format": "date-time", "xml": {"attribute": True}},
        "EPCISBody": {"type": "object", "properties": {"EventList": {"type": "object", "properties": {
            event_type: {"type": "array", "items": _XML_EVENT, "maxItems": 3, "xml": {"wrapped": False}}
            for event_type in ("ObjectEvent", "AggregationEvent")}}}},
    },
}

_VERSION_HEADERS = {name: {"schema": {"type": "string"}} for name in ("GS1-EPCIS-Version", "GS1-CBV-Version")}
_LOCATION = {"Location": {"description": "the capture job (202) or the captured event (201)",
                          "schema": {"type": "string"}}}

CAPTURE_DOCUMENT = {
    "requestBody": {"required": True, "content": {
        "application/ld+json": {"schema": {"$ref": "#/components/schemas/EPCISDocument"}},
        "application/json": {"schema": {"$ref": "#/components/schemas/EPCISDocument"}},
        "application/xml": {"schema": {"$ref": "#/components/schemas/EPCISXMLDocument"}},
    }},
    "responses": {"202": {"description": "Accepted: the capture job's URL in Location",
                          "headers": {**_VERSION_HEADERS, **_LOCATION}}},
}

CAPTURE_EVENT = {
    "requestBody": {"required": True, "content": {
        "application/ld+json": {"schema": {"$ref": "#/components/schemas/EPCISSingleEvent"}},
        "application/json": {"schema": {"$ref": "#/components/schemas/EPCISSingleEvent"}},
    }},
    "responses": {"201": {"description": "Captured: the event's URL in Location",
                          "headers": {**_VERSION_HEADERS, **_LOCATION}}},
}

_QUERY_DOCUMENT = {"type": "object", "required": ["type"], "properties": {"type": {"enum": ["EPCISQueryDocument"]}}}

QUERY_ANSWER = {"responses": {"200": {"description": "An EPCIS query document (JSON-LD, or XML when asked)",
                                      "content": {"application/ld+json": {"schema": _QUERY_DOCUMENT},
                                                  "application/xml": {"schema": {"type": "string"}}}}}}

COMPONENTS = {"EPCISProblem": PROBLEM, "EPCISEvent": EVENT, "EPCISDocument": DOCUMENT,
              "EPCISSingleEvent": SINGLE_EVENT, "EPCISXMLDocument": XML_DOCUMENT}
