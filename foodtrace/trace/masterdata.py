"""A captured document's own fields and master data: kept as sent on the capture job, and as rows for queries.

EPCIS 2.0 carries master data (names, addresses, attributes of locations, products and parties) in the
document's ``epcisHeader.epcisMasterData.vocabularyList``. Capture used to read and validate it, then
store only the events; now nothing a document brings is dropped. The element IDs are read with the same
canonical keys as the events' identifiers, so the master data of ``urn:epc:id:sgln:…`` answers a query for
the same location written as a Digital Link.
"""

from dataclasses import dataclass

from django.db.models import Max

from foodtrace.epcis import jsonld
from foodtrace.epcis.errors import EPCISError, ValidationErrors
from foodtrace.epcis.model import EPCISDocument
from foodtrace.identifiers.epc import canonical_id
from foodtrace.trace.models import CaptureJob, MasterDataElement
from foodtrace.trace.projection import used_namespaces
from foodtrace.trace.queries import parameter_error, parameter_values

VOCABULARIES = "epcisHeader.epcisMasterData.vocabularyList"
QUERY_PARAMETERS = frozenset(("vocabularyName", "EQ_name", "includeAttributes", "includeChildren", "maxElementCount"))


@dataclass(frozen=True)
class Element:
    vocabulary_type: str
    element_id: str
    element_key: str
    attributes: list
    children: list


def document_header(document: EPCISDocument) -> dict:
    """The document's fields other than its events, as sent, with the extension prefixes they use."""
    header = {"id": document.document_id, "schemaVersion": document.schema_version,
              "creationDate": document.creation_date, **document.envelope, "epcisHeader": document.header}
    header = {key: value for key, value in header.items() if value is not None}
    namespaces = used_namespaces(jsonld.dumps(header), document.namespaces)
    if namespaces:
        header["@context"] = namespaces
    return header


def elements(document: EPCISDocument) -> list[Element]:
    """The vocabulary elements of the document's master data (already validated by epcis.rules).

    Raises ValidationErrors naming every element whose ID is a malformed identifier (an SGLN with a wrong
    check digit, say): it could never match the events that name the same place."""
    master = (document.header or {}).get("epcisMasterData") or {}
    found, errors = [], []
    for i, vocabulary in enumerate(master.get("vocabularyList") or ()):
        for j, element in enumerate(vocabulary.get("vocabularyElementList") or ()):
            try:
                key = canonical_id(element["id"]).key
            except ValueError as exc:
                errors.append(EPCISError(str(exc), pointer=f"{VOCABULARIES}[{i}].vocabularyElementList[{j}].id"))
                continue
            found.append(Element(vocabulary["type"], element["id"], key, element.get("attributes") or [],
                                 element.get("children") or []))
    if errors:
        raise ValidationErrors(errors)
    return found


def store(job: CaptureJob, found: list[Element]) -> None:
    """Rows for the job's master data (a handful per document: no COPY needed)."""
    MasterDataElement.objects.bulk_create([
        MasterDataElement(capture_job=job, vocabulary_type=e.vocabulary_type, element_id=e.element_id,
                          element_key=e.element_key, attributes=e.attributes, children=e.children,
                          business_id=job.business_id, district_id=job.district_id)
        for e in found])


def _flag(params: dict[str, str], name: str) -> bool:
    raw = params.get(name, "true").lower()
    if raw not in ("true", "false"):
        raise parameter_error(name, f"must be true or false, got {params[name]!r}")
    return raw == "true"


def query(scoped, params: dict[str, str]) -> list[dict]:
    """The newest element of each (vocabulary, ID) in ``scoped``, grouped by vocabulary as in a document's
    ``vocabularyList``, filtered by the parameters of EPCIS's SimpleMasterDataQuery that fit what is kept:
    vocabularyName, EQ_name (EPC URNs or Digital Link URIs of the same key), includeAttributes,
    includeChildren, maxElementCount. Unknown parameters are an error, not ignored."""
    unknown = sorted(set(params) - QUERY_PARAMETERS)
    if unknown:
        raise parameter_error(unknown[0], "is not a master-data query parameter; use "
                              + ", ".join(sorted(QUERY_PARAMETERS)))
    vocabularies = parameter_values(params.get("vocabularyName", ""))
    if vocabularies:
        scoped = scoped.filter(vocabulary_type__in=vocabularies)
    names = parameter_values(params.get("EQ_name", ""))
    if names:
        try:
            scoped = scoped.filter(element_key__in=[canonical_id(name).key for name in names])
        except ValueError as exc:
            raise parameter_error("EQ_name", str(exc)) from exc
    include_attributes, include_children = _flag(params, "includeAttributes"), _flag(params, "includeChildren")
    max_elements = None
    if params.get("maxElementCount"):
        try:
            max_elements = int(params["maxElementCount"])
        except ValueError as exc:
            raise parameter_error("maxElementCount", "must be a whole number") from exc
    newest = scoped.values("vocabulary_type", "element_key").annotate(last=Max("id")).values("last")
    rows = MasterDataElement.objects.filter(pk__in=newest).order_by("vocabulary_type", "element_key")
    if max_elements is not None:
        rows = list(rows[: max_elements + 1])
        if len(rows) > max_elements:
            raise EPCISError(f"the answer holds more than maxElementCount={max_elements} elements; narrow it "
                             "with vocabularyName or EQ_name", type="QueryTooLargeException")
    vocabulary_list: dict[str, list] = {}
    for row in rows:
        element = {"id": row.element_id}
        if include_attributes and row.attributes:
            element["attributes"] = row.attributes
        if include_children and row.children:
            element["children"] = row.children
        vocabulary_list.setdefault(row.vocabulary_type, []).append(element)
    return [{"type": kind, "vocabularyElementList": items} for kind, items in vocabulary_list.items()]
