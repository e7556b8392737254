"""Checkers of the fields an EPCIS event may carry (EPCIS 2.0 §7.3), table-driven: each takes
``(ctx, value, path)`` and adds to ``ctx`` what is wrong; ``rules`` puts them together per event type.
Error pointers are only built when an error is found (every captured event passes here).
"""

from __future__ import annotations

from .errors import EPCISError
from .values import (
    _CBV_URN,
    _GS1_VOC,
    _HEX_RE,
    _IRI_SCHEMES,
    _LEGACY_CBV,
    _MAX_OFFSET,
    _OFFSET_RE,
    _UOM_RE,
    ACTIONS,
    BIZ_STEPS,
    BIZ_TRANSACTION_TYPES,
    COMPONENTS,
    DISPOSITIONS,
    ERROR_REASONS,
    KNOWN_PREFIXES,
    MEASUREMENT_TYPES,
    SENSOR_ALERT_TYPES,
    SOURCE_DEST_TYPES,
    _kind,
    _show,
    _uri_match,
    is_number,
    time_problem,
)

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


