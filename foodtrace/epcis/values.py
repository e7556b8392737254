"""What a single EPCIS value may be: the CBV 2.0 words, URIs (RFC 3986), xsd:dateTime with an offset, unit
codes — the word lists and formats ``fields`` and ``rules`` check against, and ``is_uri``/``time_problem`` for
callers that check one value. Pure Python, no Django.
"""

from __future__ import annotations

import re

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


