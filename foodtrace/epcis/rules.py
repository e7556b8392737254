"""Validation of EPCIS 2.0 events and documents in the internal model (``model.py``).

Two layers, both hand-written in plain Python so the product never needs GS1's
files at run time:

1. Structure — what GS1's EPCIS 2.0 JSON schema states: which fields each of
   the five event types may carry, which are required, their types and formats
   (URI, xsd:dateTime, "+hh:mm", CBV words, UN/CEFACT unit codes, …). Anything
   the schema rejects is rejected here too (tests/epcis check this against the
   schema itself), with one binding-neutral allowance: the internal model also
   carries events read from the XML binding, where standard CBV values are URNs
   (``urn:epcglobal:cbv:bizstep:shipping``). The JSON schema forbids that form, so
   JSON input is validated with ``json_binding=True`` (``jsonld.parse_document``
   does), which rejects it as the schema does.
2. Rules the schema cannot express (EPCIS 2.0 §7.3–§7.4 prose), each with its
   own message: an ObjectEvent ADD names objects, an AggregationEvent ADD/DELETE
   has a parentID, quantities are not negative and a unit needs a quantity,
   every time carries a UTC offset, offsets lie within -14:00..+14:00, a sensor
   report's minValue ≤ meanValue ≤ maxValue, an error declaration has a
   declarationTime.

Speed matters (every captured event passes here): checks are table-driven,
regular expressions are compiled once, error pointers are only built when an
error is found.
"""

from __future__ import annotations

import re

from .errors import EPCISError, ValidationErrors
from .model import EVENT_TYPES, EPCISDocument

# --------------------------------------------------------------------------------------------------------------
# Vocabularies (CBV 2.0). Bare words are how the JSON binding writes standard values.
# --------------------------------------------------------------------------------------------------------------

BIZ_STEPS = frozenset((
    "accepting", "arriving", "assembling", "collecting", "commissioning", "consigning", "creating_class_instance",
    "cycle_counting", "decommissioning", "departing", "destroying", "disassembling", "dispensing", "encoding",
    "entering_exiting", "holding", "inspecting", "installing", "killing", "loading", "other", "packing", "picking",
    "receiving", "removing", "repackaging", "repairing", "replacing", "reserving", "retail_selling", "shipping",
    "staging_outbound", "stock_taking", "stocking", "storing", "transporting", "unloading", "unpacking",
    "void_shipping", "sensor_reporting", "sampling",
))
DISPOSITIONS = frozenset((
    "active", "container_closed", "damaged", "destroyed", "dispensed", "disposed", "encoded", "expired",
    "in_progress", "in_transit", "inactive", "no_pedigree_match", "non_sellable_other", "partially_dispensed",
    "recalled", "reserved", "retail_sold", "returned", "sellable_accessible", "sellable_not_accessible", "stolen",
    "unknown", "available", "completeness_verified", "completeness_inferred", "conformant", "container_open",
    "mismatch_instance", "mismatch_class", "mismatch_quantity", "needs_replacement", "non_conformant", "unavailable",
))
BIZ_TRANSACTION_TYPES = frozenset((
    "bol", "cert", "desadv", "inv", "pedigree", "po", "poc", "prodorder", "recadv", "rma", "testprd", "testres",
    "upevt",
))
SOURCE_DEST_TYPES = frozenset(("owning_party", "possessing_party", "location"))
ERROR_REASONS = frozenset(("did_not_occur", "incorrect_data"))
# CBV 2.0 §8.10 measurement types (the gs1:MeasurementType code list).
MEASUREMENT_TYPES = frozenset((
    "AbsoluteHumidity", "AbsorbedDose", "AbsorbedDoseRate", "Acceleration", "Radioactivity", "Altitude",
    "AmountOfSubstance", "AmountOfSubstancePerUnitVolume", "Angle", "AngularAcceleration", "AngularMomentum",
    "AngularVelocity", "Area", "Capacitance", "Conductance", "Conductivity", "Count", "Density", "Dimensionless",
    "DoseEquivalent", "DoseEquivalentRate", "DynamicViscosity", "ElectricCharge", "ElectricCurrent",
    "ElectricCurrentDensity", "ElectricFieldStrength", "Energy", "Exposure", "Force", "Frequency", "Illuminance",
    "Inductance", "Irradiance", "KinematicViscosity", "Length", "LinearMomentum", "Luminance", "LuminousFlux",
    "LuminousIntensity", "MagneticFlux", "MagneticFluxDensity", "MagneticVectorPotential", "Mass",
    "MassConcentration", "MassFlowRate", "MassPerAreaTime", "MemoryCapacity", "MolalityOfSolute", "MolarEnergy",
    "MolarMass", "MolarVolume", "Power", "Pressure", "RadiantFlux", "RadiantIntensity", "RelativeHumidity",
    "Resistance", "Resistivity", "SolidAngle", "SpecificVolume", "Speed", "SurfaceDensity", "SurfaceTension",
    "Temperature", "Time", "Torque", "Voltage", "Volume", "VolumeFlowRate", "VolumeFraction", "VolumetricFlux",
    "Wavenumber",
))
SENSOR_ALERT_TYPES = frozenset(("ALARM_CONDITION", "ERROR_CONDITION"))
COMPONENTS = frozenset((
    "x", "y", "z", "axial_distance", "azimuth", "height", "spherical_radius", "polar_angle", "elevation_angle",
    "easting", "northing", "latitude", "longitude", "altitude",
))
ACTIONS = frozenset(("ADD", "OBSERVE", "DELETE"))

# Prefixes the EPCIS 2.0 JSON-LD context (and schema.org, which GS1 examples use) already declare, so a
# document may use them without declaring them itself.
KNOWN_PREFIXES: dict[str, str] = {
    "epcis": "https://ref.gs1.org/epcis/",
    "cbv": "https://ref.gs1.org/cbv/",
    "cbvmda": "urn:epcglobal:cbv:mda:",
    "gs1": "https://gs1.org/voc/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcterms": "http://purl.org/dc/terms/",
    "sdo": "https://schema.org/",
}
# Keys "scheme:…" with these schemes are absolute IRIs, not prefixed names (JSON-LD 1.1 §4.1.2).
_IRI_SCHEMES = frozenset(("http", "https", "urn"))

# --------------------------------------------------------------------------------------------------------------
# Formats
# --------------------------------------------------------------------------------------------------------------

# RFC 3986 §3 "URI" (absolute, ASCII), which is what the schema's format "uri" means.
# Written as runs of allowed characters or percent-escapes (not one alternation per character) because
# Python's re is several times faster that way; this runs for every identifier of every captured event.
_PCT = r"%[0-9A-Fa-f]{2}"
_P = r"A-Za-z0-9\-._~!$&'()*+,;=:@"  # pchar without pct-encoded
_URI_RE = re.compile(
    r"[A-Za-z][A-Za-z0-9+.\-]*:"
    r"(?:"
    rf"//(?:(?:[A-Za-z0-9\-._~!$&'()*+,;=:]++|{_PCT})*+@)?"  # userinfo
    rf"(?:\[[0-9A-Fa-f:.vV]+\]|(?:[A-Za-z0-9\-._~!$&'()*+,;=]++|{_PCT})*+)"  # host
    r"(?::[0-9]*)?"  # port
    rf"(?:/(?:[{_P}/]++|{_PCT})*+)?"  # path-abempty
    rf"|(?!//)(?:[{_P}/]++|{_PCT})*+"  # path-absolute / path-rootless / path-empty
    r")"
    rf"(?:\?(?:[{_P}/?]++|{_PCT})*+)?"  # query
    rf"(?:#(?:[{_P}/?]++|{_PCT})*+)?"  # fragment
)
_uri_match = _URI_RE.fullmatch

# xsd:dateTime restricted to what EPCIS needs: seconds present, timezone REQUIRED (EPCIS 2.0 §7.3.1: times carry
# an offset); four-digit years as RFC 3339 (the schema's format "date-time") has them.
_DATETIME_RE = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.\d+)?(?:Z|[+-](\d\d):(\d\d))")
_NAIVE_DATETIME_RE = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?")
_OFFSET_RE = re.compile(r"[+-](\d\d):(\d\d)")
_UOM_RE = re.compile(r"[A-Z0-9]{2,3}")
_HEX_RE = re.compile(r"[A-Fa-f0-9]+")
_VERSION_RE = re.compile(r"\d+(?:\.\d+)*")
_DAYS = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_MAX_OFFSET = 14 * 60  # xsd:dateTime timezones and EPCIS eventTimeZoneOffset lie within -14:00..+14:00

_CBV_URN = "urn:epcglobal:cbv:"
_LEGACY_CBV = ("http://ns.gs1.org/cbv/", "https://ns.gs1.org/cbv/")
_GS1_VOC = ("http://gs1.org/voc/", "https://gs1.org/voc/", "http://www.gs1.org/voc/", "https://www.gs1.org/voc/")


def is_uri(value) -> bool:
    """True for an absolute URI (RFC 3986), the form every EPCIS identifier takes."""
    return type(value) is str and _uri_match(value) is not None


def is_number(value) -> bool:
    return (type(value) is int or type(value) is float) and value == value  # not bool, not NaN


def _show(value) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _kind(value) -> str:
    if value is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list",
            dict: "an object"}.get(type(value), type(value).__name__)


def time_problem(value) -> str | None:
    """Why ``value`` is not an xsd:dateTime with an offset, or None if it is one."""
    if type(value) is not str:
        return f"must be a date-time string such as '2024-05-01T08:30:00+08:00', got {_kind(value)}"
    m = _DATETIME_RE.fullmatch(value)
    if m is None:
        if _NAIVE_DATETIME_RE.fullmatch(value):
            return (f"{_show(value)} has no UTC offset; every EPCIS time must state one, "
                    "e.g. '2024-05-01T08:30:00+08:00' or '2024-05-01T00:30:00Z'")
        return (f"{_show(value)} is not a date-time; expected xsd:dateTime with an offset, "
                "e.g. '2024-05-01T08:30:00+08:00'")
    year, month, day, hour, minute, second, oh, om = m.groups()
    month, day = int(month), int(day)
    if not 1 <= month <= 12 or not 1 <= day <= _DAYS[month] or (
            month == 2 and day == 29 and not (int(year) % 4 == 0 and (int(year) % 100 != 0 or int(year) % 400 == 0))):
        return f"{_show(value)} is not a valid calendar date"
    if int(hour) > 23 or int(minute) > 59 or int(second) > 59:
        return f"{_show(value)} is not a valid time of day (hours 00-23, minutes and seconds 00-59)"
    if oh is not None and (int(om) > 59 or int(oh) * 60 + int(om) > _MAX_OFFSET):
        return f"{_show(value)} has a UTC offset outside -14:00..+14:00"
    return None


# --------------------------------------------------------------------------------------------------------------
# Checking context: collects errors, builds pointers only on error
# --------------------------------------------------------------------------------------------------------------

class _Ctx:
    __slots__ = ("errors", "index", "json_binding", "namespaces")

    def __init__(self, namespaces, index, json_binding):
        self.errors: list[EPCISError] = []
        self.namespaces = namespaces
        self.index = index
        self.json_binding = json_binding

    def add(self, path: str, detail: str) -> None:
        self.errors.append(EPCISError(detail, type="ValidationException", pointer=path, event_index=self.index))


def _name(path: str) -> str:
    """The field name a pointer ends in, for messages ("quantityList[0].uom" -> "uom")."""
    tail = path.rsplit(".", 1)[-1]
    return tail


# --- leaf checkers: (ctx, value, path) ------------------------------------------------------------------------

def _uri(ctx, v, path):
    if type(v) is not str or _uri_match(v) is None:
        ctx.add(path, f"{_name(path)} must be an absolute URI (e.g. 'urn:epc:id:sgtin:6901234.012345.1001' or "
                      f"'https://id.gs1.org/01/06901234123457/21/1001'), got {_show(v)}")


def _time(ctx, v, path):
    problem = time_problem(v)
    if problem:
        ctx.add(path, f"{_name(path)} {problem}")


def _number(ctx, v, path):
    if not is_number(v):
        ctx.add(path, f"{_name(path)} must be a number, got {_kind(v)} {_show(v)}")


def _string(ctx, v, path):
    if type(v) is not str:
        ctx.add(path, f"{_name(path)} must be a string, got {_kind(v)}")


def _boolean(ctx, v, path):
    if type(v) is not bool:
        ctx.add(path, f"{_name(path)} must be true or false, got {_kind(v)}")


def _hex(ctx, v, path):
    if type(v) is not str or _HEX_RE.fullmatch(v) is None:
        ctx.add(path, f"{_name(path)} must be hexadecimal digits (0-9, A-F), got {_show(v)}")


def _uri_list(unique: bool):
    def check(ctx, v, path):
        if type(v) is not list:
            ctx.add(path, f"{_name(path)} must be a list of URIs, got {_kind(v)}")
            return
        for i, item in enumerate(v):
            if type(item) is not str or _uri_match(item) is None:
                _uri(ctx, item, f"{path}[{i}]")
        if unique and len(v) > 1:
            try:
                distinct = len(set(v))
            except TypeError:  # unhashable items were reported above
                return
            if distinct != len(v):
                seen, dupes = set(), []
                for item in v:
                    if item in seen:
                        dupes.append(item)
                    seen.add(item)
                ctx.add(path, f"{_name(path)} lists the same identifier more than once: {_show(dupes[0])}; "
                              "each object may appear only once")
    return check


def _cbv(field: str, words: frozenset, urn_prefix: str, example: str):
    """A CBV-governed value: a standard bare word, or a URI that is not a (misspelt) CBV URI (CBV 2.0 §6)."""
    def check(ctx, v, path):
        if type(v) is not str:
            ctx.add(path, f"{field} must be a string, got {_kind(v)}")
            return
        if v in words:
            return
        if v.startswith(_CBV_URN):
            if v.startswith(urn_prefix) and v[len(urn_prefix):] in words:
                if not ctx.json_binding:
                    return
                ctx.add(path, f"{field} {v!r}: the JSON binding writes standard CBV values as bare words; "
                              f"use {v[len(urn_prefix):]!r}")
                return
            ctx.add(path, f"{field} {_show(v)} is not a standard CBV value; expected a word such as {example!r} "
                          "or your own URI outside the urn:epcglobal:cbv: namespace")
            return
        if v.startswith(_LEGACY_CBV):
            ctx.add(path, f"{field} {_show(v)} uses the retired ns.gs1.org/cbv namespace; use the bare CBV word "
                          f"(e.g. {example!r})")
            return
        if _uri_match(v) is None:
            ctx.add(path, f"{field} {_show(v)} is neither a standard CBV value (e.g. {example!r}) nor a URI")
    return check


def _gs1_voc_code(field: str, words: frozenset, example: str):
    """measurementType / sensorAlertType: a GS1 code or an own URI outside gs1.org/voc (EPCIS 2.0 §7.3.8)."""
    def check(ctx, v, path):
        if type(v) is not str:
            ctx.add(path, f"{field} must be a string, got {_kind(v)}")
        elif v not in words and (_uri_match(v) is None or v.startswith(_GS1_VOC)):
            ctx.add(path, f"{field} {_show(v)} is not a GS1 code (e.g. {example!r}, or 'gs1:{example}') "
                          "nor a URI of your own")
    return check


_biz_step = _cbv("bizStep", BIZ_STEPS, "urn:epcglobal:cbv:bizstep:", "shipping")
_disposition = _cbv("disposition", DISPOSITIONS, "urn:epcglobal:cbv:disp:", "in_transit")
_btt = _cbv("bizTransaction type", BIZ_TRANSACTION_TYPES, "urn:epcglobal:cbv:btt:", "po")
_sdt = _cbv("source/destination type", SOURCE_DEST_TYPES, "urn:epcglobal:cbv:sdt:", "owning_party")
_reason = _cbv("reason", ERROR_REASONS, "urn:epcglobal:cbv:er:", "incorrect_data")
_component = _cbv("component", COMPONENTS, "urn:epcglobal:cbv:comp:", "latitude")
_measurement_type = _gs1_voc_code("type", MEASUREMENT_TYPES, "Temperature")
_alert_type = _gs1_voc_code("exception", SENSOR_ALERT_TYPES, "ALARM_CONDITION")


# --- extensions -----------------------------------------------------------------------------------------------

def _extension_key(ctx, key: str, path: str) -> None:
    """A "prefix:name" key (or absolute IRI) must be a URI whose prefix is declared (EPCIS 2.0 §9.2, JSON-LD)."""
    if _uri_match(key) is None:
        ctx.add(path, f"field name {key!r} is not allowed: an extension field is named 'prefix:localName' "
                      "(a URI), e.g. 'example:batchGrade'")
        return
    prefix = key.split(":", 1)[0]
    if prefix in ctx.namespaces or prefix in KNOWN_PREFIXES or prefix in _IRI_SCHEMES:
        return
    ctx.add(path, f"extension field {key!r} uses the prefix {prefix!r}, which is not declared; declare it in "
                  f"@context, e.g. {{\"{prefix}\": \"https://example.com/{prefix}/\"}}")


def _extension_value(ctx, value, path: str) -> None:
    """Nested extension content: prefixed keys at any depth must use declared prefixes."""
    if type(value) is dict:
        for k, v in value.items():
            if ":" in k and k[0] != "@":
                _extension_key(ctx, k, f"{path}.{k}")
            if type(v) is dict or type(v) is list:
                _extension_value(ctx, v, f"{path}.{k}")
    elif type(value) is list:
        for i, item in enumerate(value):
            if type(item) is dict or type(item) is list:
                _extension_value(ctx, item, f"{path}[{i}]")


def _check_object(ctx, v, path, fields: dict, required: tuple, what: str, extensions: bool) -> bool:
    """An object with known ``fields`` (name -> checker); prefixed keys allowed only if ``extensions``."""
    if type(v) is not dict:
        ctx.add(path, f"{what} must be an object, got {_kind(v)}")
        return False
    pre = path + "." if path else ""
    for key, value in v.items():
        checker = fields.get(key)
        if checker is not None:
            checker(ctx, value, pre + key)
        elif extensions and ":" in key:
            _extension_key(ctx, key, pre + key)
            _extension_value(ctx, value, pre + key)
        else:
            allowed = ", ".join(fields)
            more = " or prefixed extension fields" if extensions else ""
            ctx.add(pre + key, f"{key!r} is not a field of {what}; allowed: {allowed}{more}")
    for name in required:
        if name not in v:
            ctx.add(pre + name, f"{what} is missing its required field {name!r}")
    return True


def _object_list(fields: dict, required: tuple, what: str, extensions: bool, min_items: int = 0,
                 after=None):
    def check(ctx, v, path):
        if type(v) is not list:
            ctx.add(path, f"{_name(path)} must be a list, got {_kind(v)}")
            return
        if len(v) < min_items:
            ctx.add(path, f"{_name(path)} must have at least {min_items} element(s)")
        for i, item in enumerate(v):
            p = f"{path}[{i}]"
            if _check_object(ctx, item, p, fields, required, what, extensions) and after is not None:
                after(ctx, item, p)
    return check


# --- structured fields ----------------------------------------------------------------------------------------

def _quantity_rules(ctx, q, path):
    # EPCIS 2.0 §7.3.3.3: a quantity is a non-negative amount; uom qualifies a quantity, so it needs one.
    quantity = q.get("quantity")
    if is_number(quantity) and quantity < 0:
        ctx.add(f"{path}.quantity", f"quantity must not be negative, got {quantity!r}")
    if "uom" in q and "quantity" not in q:
        ctx.add(f"{path}.uom", "uom is given without a quantity; a unit of measure qualifies a quantity, "
                               "so add 'quantity' or drop 'uom'")


def _uom(ctx, v, path):
    if type(v) is not str or _UOM_RE.fullmatch(v) is None:
        ctx.add(path, f"uom must be a UN/CEFACT Rec. 20 unit code of 2-3 upper-case letters or digits "
                      f"(e.g. 'KGM', 'LTR'), got {_show(v)}")


_QUANTITY_FIELDS = {"epcClass": _uri, "quantity": _number, "uom": _uom}
_quantity_list = _object_list(_QUANTITY_FIELDS, ("epcClass",), "a quantity element", extensions=False,
                              after=_quantity_rules)
_LOCATION_FIELDS = {"id": _uri}


def _read_point(ctx, v, path):
    _check_object(ctx, v, path, _LOCATION_FIELDS, ("id",), "readPoint", extensions=True)


def _biz_location(ctx, v, path):
    _check_object(ctx, v, path, _LOCATION_FIELDS, ("id",), "bizLocation", extensions=True)


_biz_transaction_list = _object_list({"type": _btt, "bizTransaction": _uri}, ("bizTransaction",),
                                     "a bizTransactionList element", extensions=False)
_source_list = _object_list({"type": _sdt, "source": _uri}, ("type", "source"), "a sourceList element",
                            extensions=False)
_destination_list = _object_list({"type": _sdt, "destination": _uri}, ("type", "destination"),
                                 "a destinationList element", extensions=False)


def _certification_info(ctx, v, path):
    if type(v) is list:
        for i, item in enumerate(v):
            _uri(ctx, item, f"{path}[{i}]")
    else:
        _uri(ctx, v, path)


def _disposition_set(ctx, v, path):
    if type(v) is not list:
        ctx.add(path, f"persistentDisposition {_name(path)} must be a list of dispositions, got {_kind(v)}")
        return
    if not v:
        ctx.add(path, f"persistentDisposition {_name(path)} must not be empty; omit it instead")
    for i, item in enumerate(v):
        _disposition(ctx, item, f"{path}[{i}]")
    try:
        if len(set(v)) != len(v):
            ctx.add(path, f"persistentDisposition {_name(path)} lists the same disposition more than once")
    except TypeError:
        pass


def _persistent_disposition(ctx, v, path):
    if _check_object(ctx, v, path, {"set": _disposition_set, "unset": _disposition_set}, (),
                     "persistentDisposition", extensions=False) and "set" not in v and "unset" not in v:
        ctx.add(path, "persistentDisposition must have 'set' or 'unset' (EPCIS 2.0 §7.3.5.4)")


_ERROR_DECLARATION_FIELDS = {"declarationTime": _time, "reason": _reason, "correctiveEventIDs": _uri_list(False)}


def _error_declaration(ctx, v, path):
    if _check_object(ctx, v, path, _ERROR_DECLARATION_FIELDS, (), "errorDeclaration", extensions=True) \
            and "declarationTime" not in v:
        # EPCIS 2.0 §7.4.1.2: the declaration time is when the event was declared erroneous.
        ctx.add(f"{path}.declarationTime", "errorDeclaration needs a declarationTime: when the event was "
                                           "declared erroneous, e.g. '2024-05-02T10:00:00+08:00'")


def _ilmd(ctx, v, path):
    # EPCIS 2.0 §7.3.6: ILMD holds master-data attributes, each named by a URI (e.g. cbvmda:lotNumber).
    if type(v) is not dict:
        ctx.add(path, f"ilmd must be an object, got {_kind(v)}")
        return
    for key, value in v.items():
        p = f"{path}.{key}"
        if ":" in key:
            _extension_key(ctx, key, p)
            _extension_value(ctx, value, p)
        else:
            ctx.add(p, f"ilmd field {key!r} must be named 'prefix:localName', e.g. 'cbvmda:lotNumber' or "
                       f"'example:{key}'")


_SENSOR_METADATA_FIELDS = {
    "time": _time, "deviceID": _uri, "deviceMetadata": _uri, "rawData": _uri, "startTime": _time,
    "endTime": _time, "dataProcessingMethod": _uri, "bizRules": _uri,
}
_SENSOR_REPORT_FIELDS = {
    "type": _measurement_type, "exception": _alert_type, "deviceID": _uri, "deviceMetadata": _uri,
    "rawData": _uri, "dataProcessingMethod": _uri, "bizRules": _uri, "time": _time, "microorganism": _uri,
    "chemicalSubstance": _uri, "coordinateReferenceSystem": _uri, "value": _number, "component": _component,
    "stringValue": _string, "booleanValue": _boolean, "hexBinaryValue": _hex, "uriValue": _uri,
    "minValue": _number, "maxValue": _number, "meanValue": _number, "sDev": _number, "percRank": _number,
    "percValue": _number, "uom": _string,
}


def _sensor_report_rules(ctx, r, path):
    # A report's measurement type: GS1's JSON schema requires it ("required": ["type"] under sensorReport),
    # the XML binding's XSD does not (SensorReportType: <xsd:attribute name="type" use="optional"/>), and
    # GS1's own XML examples send reports carrying only an exception (WithSensorData/SensorDataExamples.xml;
    # their JSON counterpart SensorDataExample9.jsonld adds "type": "Temperature" to satisfy the schema).
    # So each binding gets its own schema's rule.
    if ctx.json_binding and "type" not in r:
        ctx.add(f"{path}.type", "a sensorReport element is missing its required field 'type'")
    # EPCIS 2.0 §7.3.8.2: minValue and maxValue bound one series. The mean is deliberately not checked
    # against them: GS1's own "all possible fields" examples carry a mean below the minimum, and every GS1
    # example must be capturable.
    lo, hi = r.get("minValue"), r.get("maxValue")
    if is_number(lo) and is_number(hi) and lo > hi:
        ctx.add(f"{path}.minValue", f"minValue {lo!r} is greater than maxValue {hi!r}")


_sensor_report_list = _object_list(_SENSOR_REPORT_FIELDS, (), "a sensorReport element", extensions=True,
                                   min_items=1, after=_sensor_report_rules)


def _sensor_metadata(ctx, v, path):
    _check_object(ctx, v, path, _SENSOR_METADATA_FIELDS, (), "sensorMetadata", extensions=True)


_sensor_element_list = _object_list({"sensorMetadata": _sensor_metadata, "sensorReport": _sensor_report_list},
                                    ("sensorReport",), "a sensorElementList element", extensions=True)


def _tz_offset(ctx, v, path):
    if type(v) is not str or (m := _OFFSET_RE.fullmatch(v)) is None:
        ctx.add(path, f"eventTimeZoneOffset must be '+hh:mm' or '-hh:mm' (e.g. '+08:00'), got {_show(v)}")
        return
    hours, minutes = int(m.group(1)), int(m.group(2))
    if minutes > 59 or hours * 60 + minutes > _MAX_OFFSET:
        ctx.add(path, f"eventTimeZoneOffset {v!r} is out of range; offsets lie between -14:00 and +14:00")


def _action(ctx, v, path):
    if type(v) is not str or v not in ACTIONS:
        ctx.add(path, f"action must be 'ADD', 'OBSERVE' or 'DELETE', got {_show(v)}")


def _context(ctx, v, path):
    # An event-level @context (a standalone event) — jsonld merges it into the document's namespaces.
    if type(v) not in (str, dict, list):
        ctx.add(path, f"@context must be a URI, an object or a list of them, got {_kind(v)}")


# --------------------------------------------------------------------------------------------------------------
# Event types (EPCIS 2.0 §7.4)
# --------------------------------------------------------------------------------------------------------------

_COMMON = {
    "@context": _context, "type": None, "eventTime": _time, "recordTime": _time,
    "eventTimeZoneOffset": _tz_offset, "eventID": _uri, "certificationInfo": _certification_info,
    "errorDeclaration": _error_declaration,
}
_WHAT_WHERE_WHY = {
    "bizStep": _biz_step, "disposition": _disposition, "readPoint": _read_point, "bizLocation": _biz_location,
    "bizTransactionList": _biz_transaction_list, "sourceList": _source_list, "destinationList": _destination_list,
    "sensorElementList": _sensor_element_list,
}
FIELDS: dict[str, dict] = {
    "ObjectEvent": {**_COMMON, "action": _action, "epcList": _uri_list(True), "quantityList": _quantity_list,
                    **_WHAT_WHERE_WHY, "persistentDisposition": _persistent_disposition, "ilmd": _ilmd},
    "AggregationEvent": {**_COMMON, "parentID": _uri, "childEPCs": _uri_list(False),
                         "childQuantityList": _quantity_list, "action": _action, **_WHAT_WHERE_WHY},
    "TransactionEvent": {**_COMMON, "bizTransactionList": _biz_transaction_list, "parentID": _uri,
                         "epcList": _uri_list(False), "quantityList": _quantity_list, "action": _action,
                         **{k: c for k, c in _WHAT_WHERE_WHY.items() if k != "bizTransactionList"}},
    "TransformationEvent": {**_COMMON, "inputEPCList": _uri_list(True), "inputQuantityList": _quantity_list,
                            "outputEPCList": _uri_list(True), "outputQuantityList": _quantity_list,
                            "transformationID": _uri, **_WHAT_WHERE_WHY,
                            "persistentDisposition": _persistent_disposition, "ilmd": _ilmd},
    "AssociationEvent": {**_COMMON, "parentID": _uri, "childEPCs": _uri_list(False),
                         "childQuantityList": _quantity_list, "action": _action, **_WHAT_WHERE_WHY},
}
# persistentDisposition: EPCIS 2.0 (the UML, the table in §7.3.6.2.2, the ontology and SHACL shapes) and GS1's
# JSON schema allow it in ObjectEvent and TransformationEvent only, but the XML binding's normative
# EPCglobal-epcis-2_0.xsd declares it in all five event types (gs1/EPCIS issue #440, still open), and GS1's
# XML examples use it in AggregationEvents (Example-PersistentDisposition.xml, whose JSON counterpart was
# rewritten with ObjectEvents). Each binding is held to its own schema: XML documents may carry it in any
# event type, JSON documents (json_binding=True) only where the JSON schema has it.
_XML_BINDING_FIELDS: dict[str, object] = {"persistentDisposition": _persistent_disposition}
REQUIRED: dict[str, tuple] = {
    "ObjectEvent": ("eventTime", "eventTimeZoneOffset", "action"),
    "AggregationEvent": ("eventTime", "eventTimeZoneOffset", "action"),
    "TransactionEvent": ("eventTime", "eventTimeZoneOffset", "action", "bizTransactionList"),
    "TransformationEvent": ("eventTime", "eventTimeZoneOffset"),
    "AssociationEvent": ("eventTime", "eventTimeZoneOffset", "action", "parentID"),
}
_OWNERS: dict[str, list[str]] = {}
for _t, _f in FIELDS.items():
    for _k in _f:
        _OWNERS.setdefault(_k, []).append(_t)


def _nonempty(event, key) -> bool:
    v = event.get(key)
    return type(v) is list and len(v) > 0


def _object_event(ctx, e, p):
    action = e.get("action")
    if action == "ADD" and not _nonempty(e, "epcList") and not _nonempty(e, "quantityList"):
        # EPCIS 2.0 §7.4.2: ADD means the objects came into being, so it must say which.
        ctx.add(p or "epcList", "an ObjectEvent with action ADD must name the objects it adds: epcList and "
                                "quantityList are both empty or absent")
    elif "epcList" not in e and not _nonempty(e, "quantityList") and not (
            _nonempty(e, "sensorElementList") and "readPoint" in e):
        ctx.add(p or "epcList", "an ObjectEvent needs epcList, a non-empty quantityList, or (for pure sensor "
                                "observations) a non-empty sensorElementList with a readPoint")
    if "ilmd" in e and action in ("OBSERVE", "DELETE"):
        # EPCIS 2.0 §7.4.2: ILMD is set when objects are commissioned (ADD) only.
        ctx.add(f"{p}.ilmd" if p else "ilmd", f"ilmd is only allowed with action ADD, not {action}")


def _children(ctx, e, p, kind):
    if e.get("action") != "DELETE" and not _nonempty(e, "childEPCs") and not _nonempty(e, "childQuantityList"):
        ctx.add(f"{p}.childEPCs" if p else "childEPCs",
                f"an {kind} with action {e.get('action')} needs a non-empty childEPCs or childQuantityList "
                "(only DELETE may omit the children, meaning all of them)")


def _aggregation_event(ctx, e, p):
    _children(ctx, e, p, "AggregationEvent")
    if e.get("action") in ("ADD", "DELETE") and "parentID" not in e:
        # EPCIS 2.0 §7.4.3: parentID is optional only for OBSERVE.
        ctx.add(f"{p}.parentID" if p else "parentID",
                f"an AggregationEvent with action {e['action']} needs a parentID (the container the children "
                "are packed into or taken out of)")


def _association_event(ctx, e, p):
    _children(ctx, e, p, "AssociationEvent")


def _transaction_event(ctx, e, p):
    if type(e.get("bizTransactionList")) is list and not e["bizTransactionList"]:
        ctx.add(f"{p}.bizTransactionList" if p else "bizTransactionList",
                "a TransactionEvent's bizTransactionList must name at least one business transaction")
    if e.get("action") != "DELETE" and "epcList" not in e and not _nonempty(e, "quantityList"):
        ctx.add(f"{p}.epcList" if p else "epcList",
                f"a TransactionEvent with action {e.get('action')} needs epcList or a non-empty quantityList")


def _transformation_event(ctx, e, p):
    has_in = _nonempty(e, "inputEPCList") or _nonempty(e, "inputQuantityList")
    has_out = _nonempty(e, "outputEPCList") or _nonempty(e, "outputQuantityList")
    # EPCIS 2.0 §7.4.6: inputs and outputs, or a transformationID linking events that each carry some.
    if not (has_in and has_out) and not ("transformationID" in e and (has_in or has_out)):
        missing = "inputs" if not has_in and has_out else "outputs" if has_in else "inputs or outputs"
        ctx.add(p or "inputEPCList",
                f"a TransformationEvent has no {missing}: it needs a non-empty inputEPCList/inputQuantityList and "
                "a non-empty outputEPCList/outputQuantityList, or a transformationID with at least one of them")


_TYPE_RULES = {
    "ObjectEvent": _object_event, "AggregationEvent": _aggregation_event, "TransactionEvent": _transaction_event,
    "TransformationEvent": _transformation_event, "AssociationEvent": _association_event,
}


def validate_event(event, index: int | None, namespaces: dict[str, str], *, json_binding: bool = False,
                   base: str = "epcisBody.eventList") -> list[EPCISError]:
    """Every problem of one event, in field order; an empty list if it is valid.

    ``index`` is its position in the document (None for a standalone event, which then gets pointers relative
    to the event itself); ``namespaces`` the document's extension prefixes; ``json_binding`` rejects the URN
    form of standard CBV values as the JSON binding requires.
    """
    ctx = _Ctx(namespaces, index, json_binding)
    p = f"{base}[{index}]" if index is not None else ""
    dot = p + "." if p else ""
    if type(event) is not dict:
        ctx.add(p, f"an event must be a JSON object, got {_kind(event)}")
        return ctx.errors
    etype = event.get("type")
    fields = FIELDS.get(etype) if type(etype) is str else None
    if fields is None:
        if "type" not in event:
            ctx.add(dot + "type", "the event has no 'type'; expected one of " + ", ".join(EVENT_TYPES))
        else:
            ctx.add(dot + "type", f"unknown event type {_show(etype)}; expected one of " + ", ".join(EVENT_TYPES))
        return ctx.errors
    for key, value in event.items():
        checker = fields.get(key, False)
        if checker is False and not json_binding:
            checker = _XML_BINDING_FIELDS.get(key, False)
        if checker:
            checker(ctx, value, dot + key)
        elif checker is None:  # "type", checked above
            continue
        elif ":" in key:
            _extension_key(ctx, key, dot + key)
            if type(value) is dict or type(value) is list:
                _extension_value(ctx, value, dot + key)
        elif key == "action" and etype == "TransformationEvent":
            ctx.add(dot + key, "a TransformationEvent has no action (EPCIS 2.0 §7.4.6); remove 'action'")
        elif key in _OWNERS:
            extra = " (in the JSON binding; the XML binding allows it in every event type)" \
                if key in _XML_BINDING_FIELDS else ""
            ctx.add(dot + key, f"{key!r} is not a field of {etype}; it belongs to " + ", ".join(_OWNERS[key])
                    + extra)
        else:
            ctx.add(dot + key, f"unknown field {key!r} in {etype}; extension fields must be named "
                               "'prefix:localName' with the prefix declared in @context")
    for name in REQUIRED[etype]:
        if name not in event:
            ctx.add(dot + name, f"{etype} is missing its required field {name!r}")
    _TYPE_RULES[etype](ctx, event, p)
    return ctx.errors


# --------------------------------------------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------------------------------------------

def _header_errors(header, ctx: _Ctx) -> None:
    # EPCIS 2.0 §9.4: epcisHeader carries master data (vocabularyList of vocabularies of elements).
    if header is None:
        return
    path = "epcisHeader"
    if type(header) is not dict:
        ctx.add(path, f"epcisHeader must be an object, got {_kind(header)}")
        return
    for key, value in header.items():
        if key == "epcisMasterData":
            if type(value) is not dict:
                ctx.add(f"{path}.{key}", f"epcisMasterData must be an object, got {_kind(value)}")
                continue
            vocabularies = value.get("vocabularyList", [])
            if type(vocabularies) is not list:
                ctx.add(f"{path}.{key}.vocabularyList", "vocabularyList must be a list")
                continue
            _vocabulary_list_errors(vocabularies, ctx, f"{path}.{key}.vocabularyList")
        else:
            _extension_key(ctx, key, f"{path}.{key}")


def _vocabulary_list_errors(vocabularies: list, ctx: _Ctx, path: str) -> None:
    for i, vocabulary in enumerate(vocabularies):
        vp = f"{path}[{i}]"
        if type(vocabulary) is not dict:
            ctx.add(vp, "a vocabulary must be an object with 'type' and 'vocabularyElementList'")
            continue
        if "type" not in vocabulary:
            ctx.add(f"{vp}.type",
                    "a vocabulary needs its 'type' (a URI such as 'urn:epcglobal:epcis:vtype:BusinessLocation')")
        else:
            _uri(ctx, vocabulary["type"], f"{vp}.type")
        elements = vocabulary.get("vocabularyElementList", [])
        if type(elements) is not list:
            ctx.add(f"{vp}.vocabularyElementList", "vocabularyElementList must be a list")
            continue
        for j, element in enumerate(elements):
            ep = f"{vp}.vocabularyElementList[{j}]"
            if type(element) is not dict or "id" not in element:
                ctx.add(ep, "a vocabulary element must be an object with an 'id' URI")
                continue
            _uri(ctx, element["id"], f"{ep}.id")
            attributes = element.get("attributes", [])
            if type(attributes) is not list:
                ctx.add(f"{ep}.attributes", "attributes must be a list")
            else:
                for k, attribute in enumerate(attributes):
                    if type(attribute) is not dict or "id" not in attribute:
                        ctx.add(f"{ep}.attributes[{k}]", "an attribute must be an object with an 'id' URI")
                        continue
                    _uri(ctx, attribute["id"], f"{ep}.attributes[{k}].id")
                    if "attribute" in attribute and type(attribute["attribute"]) not in (int, float, str, dict):
                        ctx.add(f"{ep}.attributes[{k}].attribute",
                                "an attribute value must be a number, a string or an object")
            if "children" in element:
                _uri_list(False)(ctx, element["children"], f"{ep}.children")


def document_errors(doc: EPCISDocument, *, json_binding: bool = False) -> list[EPCISError]:
    """Every problem of a parsed document: its envelope, then each event in order."""
    ctx = _Ctx(doc.namespaces, None, json_binding)
    if doc.document_type not in ("EPCISDocument", "EPCISQueryDocument"):
        ctx.add("type", f"document type must be EPCISDocument or EPCISQueryDocument, got {_show(doc.document_type)}")
    if doc.schema_version is not None and (type(doc.schema_version) is not str
                                           or _VERSION_RE.fullmatch(doc.schema_version) is None):
        ctx.add("schemaVersion", f"schemaVersion must be a version number such as '2.0', got "
                                 f"{_show(doc.schema_version)}")
    if doc.creation_date is not None:
        _time(ctx, doc.creation_date, "creationDate")
    if doc.document_id is not None:
        _uri(ctx, doc.document_id, "id")
    _header_errors(doc.header, ctx)
    errors = ctx.errors
    base = ("epcisBody.queryResults.resultsBody.eventList" if doc.document_type == "EPCISQueryDocument"
            else "epcisBody.eventList")
    namespaces = doc.namespaces
    for i, event in enumerate(doc.events):
        found = validate_event(event, i, namespaces, json_binding=json_binding, base=base)
        if found:
            errors.extend(found)
    return errors


def validate_document(doc: EPCISDocument, *, json_binding: bool = False) -> None:
    """Raise ValidationErrors listing every problem of ``doc``; return None if it is valid."""
    errors = document_errors(doc, json_binding=json_binding)
    if errors:
        raise ValidationErrors(errors)
