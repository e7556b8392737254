"""The one internal model of EPCIS 2.0 data shared by every module of this package.

An event is a plain ``dict`` in the compact JSON-LD form of the EPCIS 2.0
JSON binding (the form of GS1's own JSON examples): keys such as ``type``,
``eventID``, ``eventTime``, ``eventTimeZoneOffset``, ``epcList``,
``action``, ``bizStep``, ``readPoint`` ({"id": …}), ``bizTransactionList``
([{"type", "bizTransaction"}]), ``quantityList`` ([{"epcClass", "quantity",
"uom"}]), ``sensorElementList``, ``ilmd``, ``errorDeclaration``, … . Plain
dicts, not classes, because capture handles tens of thousands of events a
second and every layer (JSON in, XML in, hash, storage) already speaks this
form.

Conventions every module keeps:
- CBV values are kept as sent (``"shipping"`` or
  ``"urn:epcglobal:cbv:bizstep:shipping"``); ``vocabulary.expand`` /
  ``vocabulary.compact`` convert where a binding or a comparison needs one form.
- User extensions are keys ``"prefix:localName"``; the prefix → namespace
  IRI map travels with the document (``EPCISDocument.namespaces``), so an
  extension keeps its exact namespace. Nested extension elements are dicts of
  the same shape, repeated elements lists, text content strings; XML
  attributes of an extension element are kept under ``"@attributes"``.
- ``recordTime`` is never taken from a capture: the repository sets it.
"""

from dataclasses import dataclass, field

EVENT_TYPES = ("ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent", "AssociationEvent")

EPCIS_NS = "urn:epcglobal:epcis:xsd:2"
CBV_MDA_NS = "urn:epcglobal:cbv:mda"
GS1_CONTEXT = "https://ref.gs1.org/standards/epcis/epcis-context.jsonld"


@dataclass
class EPCISDocument:
    events: list[dict]
    namespaces: dict[str, str] = field(default_factory=dict)  # extension prefix -> namespace IRI
    schema_version: str = "2.0"
    creation_date: str | None = None
    header: dict | None = None  # epcisHeader (master data, SBDH) in JSON form, kept as sent
    document_type: str = "EPCISDocument"  # or EPCISQueryDocument
    document_id: str | None = None  # the JSON-LD "id" of the document, if any
    # The JSON binding's other document fields as sent: sender, receiver, instanceIdentifier and
    # document-level extensions ("prefix:name").
    envelope: dict = field(default_factory=dict)
