"""The EPCIS 2.0 XML binding (EPCIS 2.0 §9 / GS1's EPCglobal-epcis-2_0.xsd) in and out of the internal model.

``parse_document`` turns an ``epcis:EPCISDocument`` or ``epcisq:EPCISQueryDocument`` into an
:class:`~foodtrace.epcis.model.EPCISDocument` whose events are dicts in the compact JSON form (see
``model.py``); ``serialise_document`` is the inverse and produces XML that validates against the 2.0 XSD.

Mapping notes (XML → JSON form):
- Lists of identifiers (``epcList`` …) become lists of strings; ``quantityElement`` becomes
  ``{"epcClass", "quantity", "uom"}`` with a numeric quantity (an ``xsi:nil`` quantity is left out);
  ``bizTransaction``/``source``/``destination`` become ``{"type", <name>}`` dicts; ``readPoint`` and
  ``bizLocation`` become ``{"id": …}`` plus their extension children.
- EPCIS 1.x placed several fields inside ``<extension>`` / ``<baseExtension>`` wrappers; 2.0 moved them to
  the event root (see the "2.0 moved to event root" comments in the XSD). Documents written the 1.x way are
  still read: the children of such wrappers are processed as if they stood at the event root.
- Any element in a non-EPCIS namespace is a user extension (§9.4): key ``"prefix:localName"`` with the
  prefix the document declared; nested elements → dicts, repeated elements → lists, text → strings,
  XML attributes under ``"@attributes"`` and, where an element has attributes or child elements as well
  as text, that text under ``"#text"``. Unqualified children of an extension element keep their bare
  local name. Every prefix used in a key is recorded in the document's ``namespaces``, including ``xsi``
  (``"@attributes": {"xsi:type": …}``) and ``xml`` (``xml:lang``), which are always written with those
  prefixes whatever the document called them. (values.py does not treat xsi as predeclared: a JSON
  document that uses it must declare it in its @context like any other prefix.)
- CBV values are kept exactly as sent (the XML binding sends URNs). Times are strings as sent.
- ``EPCISHeader`` becomes the JSON binding's ``epcisHeader`` shape: master data under
  ``{"epcisMasterData": {"vocabularyList": [...]}}``; the SBDH is kept as a generic extension element
  (key ``"sbdh:StandardBusinessDocumentHeader"`` or whatever prefix the document used).

Parsing is defused: no network access, no DTD loading, no entity expansion, no huge trees, and a
document whose internal DTD declares entities is refused outright (XML bombs).

The binding is split by direction: ``reading`` (``parse_document``) and ``writing`` (``serialise_document``),
with the namespaces, element orders and number forms they share in ``names``.
"""

from foodtrace.epcis.xml.names import EPCISQ_NS, SBDH_NS, XML_NS, XSI_NS
from foodtrace.epcis.xml.reading import XMLDocument, parse_document
from foodtrace.epcis.xml.writing import serialise_document

__all__ = ["EPCISQ_NS", "SBDH_NS", "XML_NS", "XSI_NS", "XMLDocument", "parse_document", "serialise_document"]
