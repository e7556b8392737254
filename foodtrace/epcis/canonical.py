"""Canonical forms of single values for the CBV 2.0 event hash (CBV 2.0 §8.9).

CBV 2.0 §8.9 step 3 canonicalises every value before it enters the pre-hash string:
- identifiers that carry a GS1 key (EPC URIs, EPC class URIs, EPC pattern URIs, GS1 Digital Link URIs)
  become *constrained canonical GS1 Digital Link URIs* (``https://id.gs1.org/…``, lowest key level
  only, no CPV, no query string);
- standard CBV values become CBV 2.0 web URIs (``urn:epcglobal:cbv:bizstep:x`` →
  ``https://ref.gs1.org/cbv/BizStep-x``);
- numbers lose leading ``+``, leading/trailing zeros and a trailing ``.0``;
- timestamps become UTC with exactly millisecond precision and a ``Z``.

The rules are written to give the same result, character for character, as GS1's reference
implementation (``epcis-event-hash-generator`` 1.9), quirks included; where that differs from a strict
reading of the standard the place is marked "REFERENCE QUIRK".
"""

from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache

# --- CBV standard vocabularies (CBV 2.0 §7; the JSON-LD context maps these bare words to web URIs) --------

CBV_WEB = "https://ref.gs1.org/cbv/"
GS1_VOC = "https://gs1.org/voc/"

_BIZSTEPS = (
    "accepting arriving assembling collecting commissioning consigning creating_class_instance cycle_counting "
    "decommissioning departing destroying disassembling dispensing encoding entering_exiting holding inspecting "
    "installing killing loading other packing picking receiving removing repackaging repairing replacing "
    "reserving retail_selling sampling sensor_reporting shipping staging_outbound stock_taking stocking storing "
    "transporting unloading unpacking void_shipping"
)
_DISPOSITIONS = (
    "active available completeness_verified completeness_inferred conformant container_closed container_open "
    "damaged destroyed dispensed disposed encoded expired in_progress in_transit inactive mismatch_instance "
    "mismatch_class mismatch_quantity needs_replacement no_pedigree_match non_conformant non_sellable_other "
    "partially_dispensed recalled reserved retail_sold returned sellable_accessible sellable_not_accessible "
    "stolen unavailable unknown"
)
_BTT = "bol cert desadv inv pedigree po poc prodorder recadv rma testprd testres upevt"
_SDT = "owning_party possessing_party location"
_ER = "did_not_occur incorrect_data"
_MEASUREMENTS = (
    "AbsoluteHumidity AbsorbedDose AbsorbedDoseRate Acceleration Radioactivity Altitude AmountOfSubstance "
    "AmountOfSubstancePerUnitVolume Angle AngularAcceleration AngularMomentum AngularVelocity Area Capacitance "
    "Conductance Conductivity Count Density Dimensionless DoseEquivalent DoseEquivalentRate DynamicViscosity "
    "ElectricCharge ElectricCurrent ElectricCurrentDensity ElectricFieldStrength Energy Exposure Force Frequency "
    "Illuminance Inductance Irradiance KinematicViscosity Length LinearMomentum Luminance LuminousFlux "
    "LuminousIntensity MagneticFlux MagneticFluxDensity MagneticVectorPotential Mass MassConcentration "
    "MassFlowRate MassPerAreaTime MemoryCapacity MolalityOfSolute MolarEnergy MolarMass MolarVolume Power "
    "Pressure RadiantFlux RadiantIntensity RelativeHumidity Resistance Resistivity SolidAngle SpecificVolume "
    "Speed SurfaceDensity SurfaceTension Temperature Time Torque Voltage Volume VolumeFlowRate VolumeFraction "
    "VolumetricFlux Wavenumber"
)
_COMPONENTS = (
    "x y z axial_distance azimuth height spherical_radius polar_angle elevation_angle easting northing latitude "
    "longitude altitude"
)


def _terms(words: str, prefix: str) -> dict[str, str]:
    table = {w: prefix + w for w in words.split()}
    # The JSON-LD context's own prefixes are terms too, so they expand in any @vocab position.
    table["cbv"] = CBV_WEB
    table["gs1"] = GS1_VOC
    return table


# Bare word → web URI for each JSON-LD @vocab-typed field (what JSON-LD expansion with GS1's context yields).
VOCAB_TERMS = {
    "bizStep": _terms(_BIZSTEPS, CBV_WEB + "BizStep-"),
    "disposition": _terms(_DISPOSITIONS, CBV_WEB + "Disp-"),
    "bizTransactionType": _terms(_BTT, CBV_WEB + "BTT-"),
    "sourceDestType": _terms(_SDT, CBV_WEB + "SDT-"),
    "errorReason": _terms(_ER, CBV_WEB + "ER-"),
    "measurementType": _terms(_MEASUREMENTS, GS1_VOC),
    "exception": _terms("ALARM_CONDITION ERROR_CONDITION", GS1_VOC),
    "component": _terms(_COMPONENTS, CBV_WEB + "Comp-"),
}


def expand_vocab(table: dict[str, str], value) -> str | None:
    """The web URI a @vocab-typed JSON-LD value expands to, if it is a CBV/GS1 web vocabulary URI."""
    if not isinstance(value, str):
        return None
    hit = table.get(value)
    if hit is not None:
        return hit
    if value.startswith("cbv:"):
        return CBV_WEB + value[4:]
    if value.startswith("gs1:"):
        return GS1_VOC + value[4:]
    if value.startswith(("https://ref.gs1.org/cbv", "https://gs1.org/voc")):
        return value
    return None


# --- CBV URN → web URI (§8.9 step 3, "CBV 2.0 web vocabulary") -------------------------------------------

_CBV_URNS = (
    ("urn:epcglobal:cbv:bizstep:", "https://ref.gs1.org/cbv/BizStep-"),
    ("urn:epcglobal:cbv:disp:", "https://ref.gs1.org/cbv/Disp-"),
    ("urn:epcglobal:cbv:btt:", "https://ref.gs1.org/cbv/BTT-"),
    ("urn:epcglobal:cbv:sdt:", "https://ref.gs1.org/cbv/SDT-"),
    ("urn:epcglobal:cbv:er:", "https://ref.gs1.org/cbv/ER-"),
)


def web_vocabulary(text: str) -> str:
    # REFERENCE QUIRK: the URN prefixes are replaced wherever they occur in the value, not only at its start.
    if "urn:epcglobal:cbv:" in text:
        for urn, web in _CBV_URNS:
            text = text.replace(urn, web)
    return text


# --- numbers ---------------------------------------------------------------------------------------------

# ASCII letters that cannot start something float() accepts ("nan", "inf", "infinity" start with n/i).
_NOT_NUMERIC_START = frozenset("abcdefghjklmopqrstuvwxyzABCDEFGHJKLMOPQRSTUVWXYZ:/#{")


_INF = float("inf")


def canonical_number(text: str) -> str:
    """Numbers in their shortest form: ``+007.50`` → ``7.5``, ``200.0`` → ``200``, ``1e3`` → ``1000``.

    Anything Python's ``float`` accepts counts as a number, as in the reference implementation
    (REFERENCE QUIRK: this includes digit strings such as lot numbers in extensions — ``"0042"`` → ``"42"``;
    above 2**53 the value is the nearest double). NaN stays as written; infinity makes the reference
    implementation drop the event, so it is rejected here with ValueError too.
    """
    if not text or text[0] in _NOT_NUMERIC_START:
        return text
    try:
        number = float(text)
    except ValueError:
        return text
    if number != number:  # NaN: int() fails, the text is kept
        return text
    if number in (_INF, -_INF):
        return text
    as_int = int(number)
    return str(as_int) if as_int == number else str(number)


# --- time ------------------------------------------------------------------------------------------------

_ISO_TIME = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d+))?)?\s*(?:([Zz])|([+-])(\d\d):?(\d\d))?\Z"
)
_UTC = _dt.UTC


@lru_cache(maxsize=1 << 14)
def canonical_time(text: str) -> str:
    """A timestamp in UTC at millisecond precision with ``Z`` (§8.9 step 3).

    Sub-millisecond digits are rounded half-to-even on the microsecond value (only the first six fraction
    digits count), as the reference implementation does. A time without an offset is read as local time.
    A value that is not an ISO 8601 date-time is kept unchanged.
    """
    if len(text) == 25 and text[10] == "T" and text[19] in "+-" and text[22] == ":" and text[:4].isdigit():
        # The usual form, "2026-01-03T16:35:36+08:00": the C parser reads it as the pattern below would.
        try:
            return _utc_text(_dt.datetime.fromisoformat(text))
        except ValueError:
            pass
    m = _ISO_TIME.match(text)
    if m is None:
        try:
            moment = _dt.datetime.fromisoformat(text)
        except ValueError:
            return text
    else:
        year, month, day, hour, minute, second, frac, zulu, sign, oh, om = m.groups()
        micro = int(frac[:6].ljust(6, "0")) if frac else 0
        if zulu:
            tz = _UTC
        elif sign:
            delta = _dt.timedelta(hours=int(oh), minutes=int(om))
            tz = _dt.timezone(-delta if sign == "-" else delta)
        else:
            tz = None
        try:
            moment = _dt.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0),
                                  micro, tz)
        except ValueError:
            return text
    return _utc_text(moment)


def _utc_text(moment: _dt.datetime) -> str:
    moment = moment.astimezone(_UTC)
    micro = round(moment.microsecond, -3)
    if micro == 1_000_000:
        # REFERENCE QUIRK: the reference raises here and silently leaves the event out of its result;
        # CBV 2.0 asks for rounding, so the time rolls over to the next second.
        moment = moment + _dt.timedelta(seconds=1)
        micro = 0
    # isoformat() is "YYYY-MM-DDTHH:MM:SS[.ffffff]+00:00"; its first 19 characters are the date and time.
    return moment.isoformat()[:19] + f".{micro // 1000:03d}Z"


# --- GS1 keys: EPC URIs and GS1 Digital Link → constrained canonical GS1 Digital Link URI -----------------

DL_ROOT = "https://id.gs1.org/"

# One character of an EPC "GS3A3" component (TDS §5), percent-escapes restricted as the TDS grammar does.
_C = r"(?:%2[125-9A-Fa-f]|%3[0-9A-Fa-f]|%4[1-9A-Fa-f]|%5[0-9AaFf]|%6[1-9A-Fa-f]|%7[0-9Aa]|[!')(*+,.0-9:;=A-Za-z_-])"
# One character of a CPI component part reference.
_CP = r"(?:%2[3dfDF]|%3[0-9]|%4[1-9A-Fa-f]|%5[0-9Aa]|[0-9A-Z-])"


def _split(total: int, last: str = "") -> str:
    """Company prefix (6..12 digits) '.' reference, together ``total`` digits; ``last`` is the 12-digit case."""
    parts = [rf"\d{{{n}}}\.\d{{{total - n}}}" for n in range(6, 13) if total - n > 0]
    if last:
        parts.append(last)
    return "(?:" + "|".join(parts) + ")"


def _var(n_total: int, char: str) -> str:
    """Company prefix '.' free-form reference whose length shrinks as the prefix grows."""
    return "(?:" + "|".join(rf"\d{{{n}}}\.{char}{{1,{n_total - n}}}" for n in range(6, 13)) + ")"


_GTIN = _split(13)
_GLN = _split(12, r"\d{12}\.")
_GLN2 = _split(12, r"\d{12}\.\.")

_EPC_PATTERNS = {
    "urn:epc:id:sgtin:": rf"{_GTIN}\.{_C}{{1,20}}\Z",
    "urn:epc:id:sscc:": rf"{_split(17)}\Z",
    "urn:epc:id:sgln:": rf"{_GLN}\.{_C}{{1,20}}\Z",
    "urn:epc:id:grai:": rf"{_GLN2}\.{_C}{{1,16}}\Z",
    "urn:epc:id:giai:": rf"{_var(30, _C)}\Z",
    "urn:epc:id:gsrn:": rf"{_split(17)}\Z",
    "urn:epc:id:gsrnp:": rf"{_split(17)}\Z",
    "urn:epc:id:gdti:": rf"{_GLN2}{_C}{{1,20}}\Z",
    "urn:epc:id:cpi:": rf"{_var(30, _CP)}\.\d{{1,12}}\Z",
    "urn:epc:id:sgcn:": rf"{_GLN}\.\d{{1,12}}\Z",
    "urn:epc:id:ginc:": rf"{_var(30, _C)}\Z",
    "urn:epc:id:gsin:": rf"{_split(16)}\Z",
    "urn:epc:id:itip:": rf"{_GTIN}\.\d\d\.\d\d\.{_C}{{1,20}}\Z",
    "urn:epc:id:upui:": rf"{_GTIN}\.{_C}{{1,28}}\Z",
    "urn:epc:id:pgln:": rf"{_GLN}\Z",
    "urn:epc:class:lgtin:": rf"{_GTIN}\.{_C}{{1,20}}\Z",
    "urn:epc:idpat:sgtin:": rf"{_GTIN}\.\*\Z",
    "urn:epc:idpat:grai:": rf"{_GLN2}\.\*\Z",
    "urn:epc:idpat:gdti:": rf"{_GLN2}\.\*\Z",
    "urn:epc:idpat:sgcn:": rf"{_GLN2}\.\*\Z",
    "urn:epc:idpat:cpi:": rf"{_var(30, _CP)}\.\*\Z",
    "urn:epc:idpat:itip:": rf"{_GTIN}\.\d\d\.\d\d\.\*\Z",
    "urn:epc:idpat:upui:": rf"{_GTIN}\.\*\Z",
}
_EPC_RE = {scheme: re.compile(pattern) for scheme, pattern in _EPC_PATTERNS.items()}
_EPC_SCHEME = re.compile(r"urn:epc:(?:id|class|idpat):[a-z]+:")

_PCT = str.maketrans({"!": "%21", "(": "%28", ")": "%29", "*": "%2A", "+": "%2B", ",": "%2C", ":": "%3A"})


def check_digit(digits: str) -> str:
    """GS1 mod-10 check digit (GS1 General Specifications §7.9.1): weights 3,1,3,… from the right."""
    total = 3 * sum(map(int, digits[-1::-2])) + sum(map(int, digits[-2::-2]))
    return str(-total % 10)


def _gtin(body: str, split: int) -> str:
    """GTIN-14 from company prefix + item reference (its first digit is the indicator)."""
    cp = body[:split]
    ref = body[split + 1: split + 1 + 13 - len(cp)]
    raw = ref[:1] + cp + ref[1:]
    return raw + check_digit(raw)


def _with_cd(body: str, split: int, width: int, lead: str = "") -> str:
    cp = body[:split]
    raw = lead + cp + body[split + 1: split + 1 + width - len(cp)]
    return raw + check_digit(raw)


def _epc_to_dl(uri: str, scheme: str, body: str) -> str:
    """Map one EPC URI that already matched its TDS grammar (``body`` is the part after the scheme)."""
    p = body.index(".")
    kind = scheme.rsplit(":", 2)[-2]
    if scheme.startswith("urn:epc:id:"):
        # Offsets below mirror fixed-width EPC layouts: a GTIN body is 13 digits + 1 dot, a GLN body 12 + 1.
        if kind == "sgtin":
            return f"{DL_ROOT}01/{_gtin(body, p)}/21/{body[15:].translate(_PCT)}"
        if kind == "sscc":
            raw = body[p + 1] + body[:p] + body[p + 2:]
            return f"{DL_ROOT}00/{raw}{check_digit(raw)}"
        if kind == "sgln":
            ext = body[14:]
            gln = _with_cd(body, p, 12)
            return f"{DL_ROOT}414/{gln}" if ext == "0" else f"{DL_ROOT}414/{gln}/254/{ext.translate(_PCT)}"
        if kind == "grai":
            return f"{DL_ROOT}8003/{_with_cd(body, p, 12, '0')}{body[14:].translate(_PCT)}"
        if kind == "giai":
            return f"{DL_ROOT}8004/{body[:p]}{body[p + 1:].translate(_PCT)}"
        if kind in ("gsrn", "gsrnp", "gsin"):
            raw = body[:p] + body[p + 1:]
            ai = {"gsrn": "8018", "gsrnp": "8017", "gsin": "402"}[kind]
            return f"{DL_ROOT}{ai}/{raw}{check_digit(raw)}"
        if kind == "gdti":
            return f"{DL_ROOT}253/{_with_cd(body, p, 12)}{body[14:].translate(_PCT)}"
        if kind == "cpi":
            last = body.rindex(".")
            return f"{DL_ROOT}8010/{(body[:p] + body[p + 1:last]).translate(_PCT)}/8011/{body[last + 1:]}"
        if kind == "sgcn":
            return f"{DL_ROOT}255/{_with_cd(body, p, 12)}{body[14:]}"
        if kind == "ginc":
            return f"{DL_ROOT}401/{body[:p]}{body[p + 1:].translate(_PCT)}"
        if kind == "itip":
            return f"{DL_ROOT}8006/{_gtin(body, p)}{body[15:17]}{body[18:20]}/21/{body[21:].translate(_PCT)}"
        if kind == "upui":
            return f"{DL_ROOT}01/{_gtin(body, p)}/235/{body[15:].translate(_PCT)}"
        if kind == "pgln":
            return f"{DL_ROOT}417/{_with_cd(body, p, 12)}"
    if scheme == "urn:epc:class:lgtin:":
        return f"{DL_ROOT}01/{_gtin(body, p)}/10/{body[15:].translate(_PCT)}"
    # EPC pattern URIs: the class-level key only.
    if kind in ("sgtin", "upui"):
        return f"{DL_ROOT}01/{_gtin(body, p)}"
    if kind == "grai":
        return f"{DL_ROOT}8003/{_with_cd(body, p, 12, '0')}"
    if kind == "gdti":
        return f"{DL_ROOT}253/{_with_cd(body, p, 12)}"
    if kind == "sgcn":
        return f"{DL_ROOT}255/{_with_cd(body, p, 12)}"
    if kind == "cpi":
        return f"{DL_ROOT}8010/{(body[:p] + body[p + 1:body.rindex('.')]).translate(_PCT)}"
    # itip pattern
    return f"{DL_ROOT}8006/{_gtin(body, p)}{body[15:17]}{body[18:20]}"


_KEYS = ("01|gtin|8006|itip|8010|cpid|414|gln|417|party|8017|gsrnp|8018|gsrn|255|gcn|00|sscc|253|gdti|401|ginc|"
         "402|gsin|8003|grai|8004|giai")
# A GS1 Digital Link URI (GS1 DL 1.2 §6 URI syntax, as loosely as the reference accepts it).
_DL_SYNTAX = re.compile(
    r"https?:(//((([^/?#]*)@)?([^/?#:]*)(:([^/?#]*))?))?((([^?#]*)(/(" + _KEYS + r")/)(\d{4}[^/]+)(/[^/]+/[^/]+)?"
    r"[/]?(\?([^?\n]*))?(#([^\n]*))?)|(/[A-Za-z_-]{10}$))"
)
_SHORT_NAMES = (
    ("/gtin/", "/01/"), ("/itip/", "/8006/"), ("/cpid/", "/8010/"), ("/gln/", "/414/"), ("/party/", "/417/"),
    ("/gsrnp/", "/8017/"), ("/gsrn/", "/8018/"), ("/gcn/", "/255/"), ("/sscc/", "/00/"), ("/gdti/", "/253/"),
    ("/ginc/", "/401/"), ("/gsin/", "/402/"), ("/grai/", "/8003/"), ("/giai/", "/8004/"), ("/cpv/", "/22/"),
    ("/lot/", "/10/"), ("/ser/", "/21/"),
)
# NB the dots in id.gs1.org are "any character" in the reference's expressions; kept so for identity.
_DL_CANONICAL = re.compile(
    r"https://id.gs1.org/(01|8006|8010|414|417|8017|8018|255|00|253|401|402|8003|8004)/(\d{4}[^/]+)(/[^/]+/[^/]+)?"
)
_PRIMARY = ("/00/", "/01/", "/253/", "/255/", "/401/", "/402/", "/414/", "/417/", "/8003/", "/8004/", "/8006/",
            "/8010/", "/8017/", "/8018/")
_GTIN_DIGITS = re.compile(r"https://id.gs1.org/01/(\d+)")
_X = r"[\x22\x27\x2D\x2E\x30-\x39\x3B-\x3F\x41-\x5A\x5F\x61-\x7A]"
_CPV_ONLY = re.compile(rf"https://id.gs1.org/(?:8006/\d{{18}}|01/\d{{14}})/22/{_X}{{0,20}}\Z")
_CPV_MORE = re.compile(r"https://id.gs1.org/(?:8006/\d{18}|01/\d{14})/22/[/\x22\x27\x2D\x2E\x30-\x39\x3B-\x3F"
                       r"\x41-\x5A\x5F\x61-\x7A]{0,20}\Z")
_LOT_AND_SERIAL = re.compile(rf"https://id.gs1.org/(?:8006/\d{{18}}|01/\d{{14}})/10/{_X}{{0,20}}/21/{_X}{{0,20}}\Z")
_DL_VALID = re.compile(
    r"https://id.gs1.org/(?:"
    rf"00/\d{{18}}|01/\d{{14}}(?:/21/{_X}{{0,20}}|/10/{_X}{{0,20}}|/235/{_X}{{0,28}})?"
    rf"|253/\d{{13}}{_X}{{0,17}}|255/\d{{13}}\d{{0,12}}|401/{_X}{{0,30}}|402/\d{{17}}"
    rf"|414/\d{{13}}(?:/254/{_X}{{0,20}})?|417/\d{{13}}|8003/\d{{14}}{_X}{{0,16}}|8004/{_X}{{0,30}}"
    rf"|8006/\d{{18}}(?:/21/{_X}{{0,20}}|/10/{_X}{{0,20}})?"
    r"|8010/[\x23\x2D\x2F\x30-\x39\x41-\x5A]{0,30}(?:/8011/\d{0,12})?|8017/\d{18}|8018/\d{18}"
    r")\n?\Z"
)


def _dl_to_canonical(uri: str) -> str | None:
    if _DL_SYNTAX.match(uri) is None:
        return None
    q = uri.find("?")
    if q >= 0:
        uri = uri[:q]
    for short, ai in _SHORT_NAMES:
        if short in uri:
            uri = uri.replace(short, ai)
    if _DL_CANONICAL.match(uri) is None:
        for ai in _PRIMARY:
            at = uri.find(ai)
            if at != -1:
                uri = "https://id.gs1.org" + uri[at:]
                break
    m = _GTIN_DIGITS.match(uri)
    if m is not None:
        n = len(m.group(1))
        if n < 14:
            # Pad GTIN-13/-12/-8 to 14 digits (REFERENCE QUIRK: 9..11 digits are padded as if GTIN-8).
            pad = "0" if n == 13 else "00" if n == 12 else "000000" if n >= 8 else ""
            if pad:
                uri = uri.replace("/01/", "/01/" + pad)
    if "/22/" in uri:
        # Drop the consumer product variant (not part of the key's identity).
        at = uri.find("/22/")
        tail = uri[at + 4:]
        if _CPV_ONLY.match(uri):
            uri = uri[:at]
        elif _CPV_MORE.match(uri):
            slash = tail.find("/")
            uri = uri[:at] + tail[slash:]
    if _LOT_AND_SERIAL.match(uri):
        # A serial identifies the instance; the lot above it is dropped ("lowest level only").
        at = uri.find("/10/")
        rest = uri[at + 4:]
        uri = uri[:at] + rest[rest.find("/"):]
    return uri if _DL_VALID.match(uri) else None


def gs1_key_uri(text: str) -> str | None:
    """The constrained canonical GS1 Digital Link URI for an EPC (class/pattern) URI or a DL URI, else None."""
    if "." not in text:
        return None
    if text.startswith("urn:epc:"):
        m = _EPC_SCHEME.match(text)
        if m is None:
            return None
        scheme = m.group()
        rx = _EPC_RE.get(scheme)
        body = text[m.end():]
        if rx is None or rx.match(body) is None:
            return None
        return _epc_to_dl(text, scheme, body)
    if text.startswith("http"):
        return _dl_to_canonical(text)
    return None


@lru_cache(maxsize=1 << 16)
def canonical_value(text: str) -> str:
    """§8.9 step 3 for a non-time value: CBV web URI, shortest number, canonical GS1 Digital Link."""
    text = canonical_number(web_vocabulary(text))
    dl = gs1_key_uri(text)
    return text if dl is None else dl
