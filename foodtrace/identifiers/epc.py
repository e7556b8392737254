"""One identifier, many spellings: EPC URNs, GS1 Digital Link URIs and platform URIs.

In EPCIS events an object, a lot, a location or a party may be written as an EPC
pure-identity URN (GS1 Tag Data Standard 2.x) or as a GS1 Digital Link URI on any
host. ``canonical_id`` turns every spelling into one ``CanonicalId`` whose ``key``
is what the platform stores and compares. Pure Python (stdlib only), no Django.
This module is the public face; each spelling is read in its own module (``epc_urn``,
``digital_link``), and ``CanonicalId`` with the GS1 character rules they share lives in ``canonical``.

Canonical keys
--------------
=====================  ===================================  ==============================================
kind                   key                                  written as
=====================  ===================================  ==============================================
``sgtin`` (instance)   ``sgtin:{gtin14}:{serial}``          ``urn:epc:id:sgtin:CP.IItemRef.Serial``,
                                                            DL ``/01/{gtin}/21/{serial}``
                                                            (also ``/01/{gtin}/10/{lot}/21/{serial}``:
                                                            the lot is kept in ``.lot`` but is not part
                                                            of the key — GTIN + serial is the instance)
``lgtin`` (class)      ``lgtin:{gtin14}:{lot}``             ``urn:epc:class:lgtin:CP.IItemRef.Lot``,
                                                            DL ``/01/{gtin}/10/{lot}``
``gtin`` (class)       ``gtin:{gtin14}``                    ``urn:epc:idpat:sgtin:CP.IItemRef.*``,
                                                            DL ``/01/{gtin}``
``sscc``               ``sscc:{sscc18}``                    ``urn:epc:id:sscc:CP.SerialRef``, DL ``/00/``
``sgln``               ``sgln:{gln13}:{ext}`` or            ``urn:epc:id:sgln:CP.LocRef.Ext``,
                       ``sgln:{gln13}`` (no extension)      DL ``/414/{gln}[/254/{ext}]``
``pgln``               ``pgln:{gln13}``                     ``urn:epc:id:pgln:CP.PartyRef``, DL ``/417/``
``grai``               ``grai:{grai13}:{serial}`` or        ``urn:epc:id:grai:CP.AssetType.Serial``,
                       ``grai:{grai13}`` (asset type only)  DL ``/8003/0{grai13}{serial}``
``giai``               ``giai:{giai}``                      ``urn:epc:id:giai:CP.AssetRef``, DL ``/8004/``
``uscc_party``         ``uscc:{USCC}``                      platform URI, see below
``platform_location``  ``loc:{code}``                       platform URI, see below
``platform_lot``       ``plot:{code}``                      platform URI, see below
``other``              ``other:{uri}``                      anything else, kept verbatim
=====================  ===================================  ==============================================

GTINs are always GTIN-14 (a GTIN-8/12/13 in a Digital Link is zero-padded), GLNs
GLN-13, SSCCs SSCC-18, check digits included. Two ``CanonicalId`` objects are equal
(and hash equal) exactly when their keys are equal; the other fields are derived.

SGLN extension rule. TDS writes "no extension" as the extension ``0``
(``urn:epc:id:sgln:0614141.12345.0``). The platform stores that as the key
``sgln:{gln13}`` with ``extension == ""``, so it equals the Digital Link
``/414/{gln}`` written without AI 254. ``/414/{gln}/254/0`` is the same location too:
an AI 254 value of ``0`` cannot be told apart from "none" once written as an EPC, so
it is folded into "no extension" (and ``to_digital_link`` writes it without ``/254``).
Any other extension is part of the key: ``/414/{gln}/254/7F`` ≠ ``/414/{gln}``.

EPC URNs. The indicator digit (SGTIN) or extension digit (SSCC) moves to the front
and the GS1 check digit is computed. Serials, lots, extensions and asset references
are percent-decoded; ``to_epc_urn`` escapes exactly the characters TDS requires
(``"`` ``%`` ``&`` ``/`` ``<`` ``>`` ``?`` as ``%22 %25 %26 %2F %3C %3E %3F``), all other
characters of GS1 character set 82 are written as they are. Scheme and namespace
(``urn:epc:id:sgtin:``) are matched case-insensitively. Other EPC schemes (GDTI,
GSRN, ...) and ``idpat`` patterns other than ``CP.IItemRef.*`` are kept as ``other``;
a recognised scheme that is malformed raises ``IdentifierError``.

Digital Link. ``http(s)``, any host, any path prefix before the primary key (the
leftmost position from which the rest of the path reads as primary key + key
qualifiers wins); a trailing slash, the query string and the fragment are ignored.
Path segments are percent-decoded after splitting, so ``%2F`` inside a lot stays in
the lot. Supported primary keys: 01 (+10, +21), 00, 414 (+254), 417, 8003, 8004.
Paths that do not read as one of these (unknown AIs, AI 22 consumer product
variant, extra segments) are ``other``; a path that does read as one but has a bad
check digit or bad characters raises ``IdentifierError``.

Company prefix length. A GTIN, GLN or SSCC does not say how long its GS1 company
prefix is, but an EPC URN needs it. ``to_epc_urn`` therefore takes
``company_prefix_length`` (default 7); the platform records the length in which an
identifier was first seen (the length of the ``CompanyPrefix`` field of its first
URN, or the business's registered GS1 prefix) and passes that back when it writes a
URN, so URN → canonical → URN is the identity.

Platform URIs (our design; host-independent — any host gives the same key)
---------------------------------------------------------------------------
Most Chinese businesses have no GS1 keys, so the platform issues its own URIs:

* parties without a GLN, by 统一社会信用代码 (USCC, 18 characters):
  ``https://{host}/party/uscc/{USCC}`` and ``urn:foodtrace:party:uscc:{USCC}``;
* locations, by platform location code (``L`` + 6-digit division code + ``-`` +
  8 hex digits, e.g. ``L430102-7F3A9C01``):
  ``https://{host}/loc/{code}`` and ``urn:foodtrace:loc:{code}``;
* platform lots for goods without a GTIN (e.g. loose vegetables at a market;
  ``T`` + 15 digits/upper-case letters): ``https://{host}/t/{code}`` and
  ``urn:foodtrace:lot:{code}``.

Codes are upper-cased (full-width input NFKC-normalised). A USCC whose check
character is wrong is still accepted (codes issued in practice sometimes fail it;
see ``parse_uscc``), only bad length or characters raise. ``party_uri``,
``location_uri`` and ``platform_lot_uri`` build the URN form when ``host`` is None,
else the https form (``host`` may be ``"trace.example.cn"`` or a full origin such as
``"http://localhost:8000"``).

Leading and trailing whitespace of the input is ignored everywhere; an ``other`` URI
is otherwise kept exactly as given. ``canonical_id`` is cached
(``functools.lru_cache(maxsize=65536)``): the same lots and locations recur in event
after event.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import quote, unquote

from .canonical import (
    KINDS,
    CanonicalId,
    _check_cs82,
    _error,
    _grai,
    _gtin14,
    _sgln,
    _urn_escape,
    _verified,
)
from .digital_link import _DL_PRIMARY, _HTTP, _dl_tail, _from_dl
from .epc_urn import _EPC_URN, _from_epc_urn
from .errors import IdentifierError
from .gs1 import validate_gln
from .uscc import parse_uscc

__all__ = [
    "KINDS",
    "CanonicalId",
    "canonical_from_key",
    "canonical_id",
    "location_uri",
    "party_uri",
    "platform_lot_uri",
    "to_digital_link",
    "to_epc_urn",
]

# --- platform URIs ---------------------------------------------------------------------------------------

_PLATFORM_PATH = re.compile(r"/(party/uscc|loc|t)/([^/]+)/?")
_PLATFORM_URN = re.compile(r"urn:foodtrace:(party:uscc|loc|lot):(.+)", re.IGNORECASE | re.DOTALL)
_LOCATION_CODE = re.compile(r"L[0-9]{6}-[0-9A-F]{8}")
_LOT_CODE = re.compile(r"T[0-9A-Z]{15}")


def _platform_code(value: str) -> str:
    if not value.isascii():
        value = unicodedata.normalize("NFKC", value)
    return value.strip().upper()


def _location_code(code: str) -> str:
    code = _platform_code(code)
    if not _LOCATION_CODE.fullmatch(code):
        raise IdentifierError(
            f"A platform location code is L, 6 division-code digits, '-' and 8 hex digits "
            f"(e.g. L430102-7F3A9C01), got {code!r}.",
            f"平台场所编码应为L、6位行政区划代码、“-”及8位十六进制数字（如L430102-7F3A9C01），实际为“{code}”。",
        )
    return code


def _lot_code(code: str) -> str:
    code = _platform_code(code)
    if not _LOT_CODE.fullmatch(code):
        raise IdentifierError(
            f"A platform lot code is T followed by 15 digits or letters A-Z, got {code!r}.",
            f"平台批次码应为T加15位数字或大写字母，实际为“{code}”。",
        )
    return code


def _from_platform(kind: str, code: str) -> CanonicalId:
    if kind == "loc":
        code = _location_code(code)
        return CanonicalId("platform_location", f"loc:{code}", value=code)
    if kind in ("t", "lot"):
        code = _lot_code(code)
        return CanonicalId("platform_lot", f"plot:{code}", value=code)
    code = parse_uscc(code).code  # bad length/characters raise; a failed check character does not
    return CanonicalId("uscc_party", f"uscc:{code}", value=code)


# --- public API --------------------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def canonical_id(uri: str) -> CanonicalId:
    """Return the canonical identifier for an EPC URN, GS1 Digital Link URI or platform URI.

    Unrecognised URIs come back as kind ``other`` (kept verbatim); a recognised form with a bad
    check digit, bad characters or a bad structure raises ``IdentifierError``.
    """
    if not isinstance(uri, str):
        raise TypeError(f"canonical_id() takes a str, not {type(uri).__name__}")
    text = uri.strip()
    if not text:
        raise IdentifierError("The identifier is empty.", "标识符为空。")
    try:
        m = _EPC_URN.fullmatch(text)
        if m is not None:
            return _from_epc_urn(m.group(1).lower(), m.group(2).lower(), m.group(3), text)
        m = _HTTP.fullmatch(text)
        if m is not None:
            path = m.group(2)
            p = _PLATFORM_PATH.fullmatch(path)
            if p is not None:
                return _from_platform(p.group(1), unquote(p.group(2)))
            segs = path.split("/")[1:]
            if segs and not segs[-1]:
                segs.pop()
            for i in range(len(segs) - 1):
                if segs[i] in _DL_PRIMARY:
                    found = _dl_tail(segs, i)
                    if found is not None:
                        return _from_dl(*found)
            return CanonicalId("other", f"other:{text}", value=text)
        m = _PLATFORM_URN.fullmatch(text)
        if m is not None:
            return _from_platform(m.group(1).lower().partition(":")[0], m.group(2))
    except IdentifierError as exc:
        raise _error(text, exc) from None
    except UnicodeDecodeError:
        raise IdentifierError(
            f"Invalid identifier {text!r}: a %-escape does not decode to a character.",
            f"标识符“{text}”无效：百分号转义无法解码为字符。",
        ) from None
    return CanonicalId("other", f"other:{text}", value=text)


def canonical_from_key(key: str) -> CanonicalId:
    """Rebuild a ``CanonicalId`` from a stored key (the inverse of ``CanonicalId.key``).

    ``sgln:{gln}:0`` is accepted and means "no extension", like the EPC URN.
    """
    prefix, sep, rest = key.partition(":")
    try:
        if sep and rest:
            if prefix in ("sgtin", "lgtin", "sgln", "grai"):
                code, _, tail = rest.partition(":")
            else:
                code, tail = rest, ""
            if prefix in ("sgtin", "lgtin", "gtin") and len(code) == 14 and code.isascii() and code.isdigit():
                gtin = _gtin14(code)
                if prefix == "gtin" and not tail:
                    return CanonicalId("gtin", f"gtin:{gtin}", gtin=gtin)
                if prefix == "sgtin":
                    serial = _check_cs82(tail, 20, "serial number", "序列号")
                    return CanonicalId("sgtin", f"sgtin:{gtin}:{serial}", gtin=gtin, serial=serial)
                if prefix == "lgtin":
                    lot = _check_cs82(tail, 20, "batch/lot number", "批号")
                    return CanonicalId("lgtin", f"lgtin:{gtin}:{lot}", gtin=gtin, lot=lot)
            elif prefix == "sscc" and len(code) == 18 and code.isascii() and code.isdigit():
                sscc = _verified(code, "SSCC", "系列货运包装箱代码（SSCC）")
                return CanonicalId("sscc", f"sscc:{sscc}", value=sscc)
            elif prefix in ("sgln", "pgln"):
                gln = validate_gln(code)
                if prefix == "pgln":
                    return CanonicalId("pgln", f"pgln:{gln}", gln=gln)
                return _sgln(gln, _check_cs82(tail, 20, "GLN extension", "位置码扩展") if tail else "")
            elif prefix == "grai" and len(code) == 13 and code.isascii() and code.isdigit():
                grai = _verified(code, "GRAI", "可回收资产代码（GRAI）")
                return _grai(grai, _check_cs82(tail, 16, "GRAI serial number", "可回收资产序列号") if tail else "")
            elif prefix == "giai" and rest[0].isdigit():
                giai = _check_cs82(rest, 30, "GIAI", "全球单个资产代码（GIAI）")
                return CanonicalId("giai", f"giai:{giai}", value=giai)
            elif prefix == "uscc":
                return _from_platform("uscc", rest)
            elif prefix == "loc":
                return _from_platform("loc", rest)
            elif prefix == "plot":
                return _from_platform("lot", rest)
            elif prefix == "other":
                return CanonicalId("other", key, value=rest)
    except IdentifierError as exc:
        raise _error(key, exc) from None
    raise IdentifierError(f"Not a canonical identifier key: {key!r}.", f"不是规范标识符键：“{key}”。")


def _as_canonical(canonical: CanonicalId | str) -> CanonicalId:
    return canonical if isinstance(canonical, CanonicalId) else canonical_id(canonical)


def _not_gs1(c: CanonicalId, what_en: str, what_zh: str) -> IdentifierError:
    return IdentifierError(
        f"{c.key} is not a GS1 identifier, so it has no {what_en}; platform identifiers are written with "
        "party_uri, location_uri or platform_lot_uri.",
        f"{c.key}不是GS1标识，没有{what_zh}；平台标识请使用party_uri、location_uri或platform_lot_uri生成。",
    )


def to_epc_urn(canonical: CanonicalId | str, *, company_prefix_length: int = 7) -> str:
    """Write a GS1 identifier as a TDS 2.x pure-identity EPC URN.

    ``company_prefix_length`` (6-12) is the length of the GS1 company prefix, which a GTIN, GLN
    or SSCC does not reveal: pass the length recorded when the identifier was first seen. An
    SGTIN's lot (from a Digital Link with both AI 10 and 21) is not part of the EPC and is dropped.
    """
    c = _as_canonical(canonical)
    n = company_prefix_length
    if isinstance(n, bool) or not isinstance(n, int) or not 6 <= n <= 12:
        raise IdentifierError(
            f"The GS1 company prefix length for an EPC URN is 6 to 12, got {n!r}.",
            f"EPC URN的厂商识别代码长度应为6至12位，实际为{n!r}。",
        )
    kind = c.kind
    if kind in ("sgtin", "lgtin", "gtin"):
        g = c.gtin
        head = f"{g[1 : 1 + n]}.{g[0]}{g[1 + n : 13]}"
        if kind == "sgtin":
            return f"urn:epc:id:sgtin:{head}.{_urn_escape(c.serial)}"
        if kind == "lgtin":
            return f"urn:epc:class:lgtin:{head}.{_urn_escape(c.lot)}"
        return f"urn:epc:idpat:sgtin:{head}.*"
    if kind == "sscc":
        s = c.value
        return f"urn:epc:id:sscc:{s[1 : 1 + n]}.{s[0]}{s[1 + n : 17]}"
    if kind == "sgln":
        g = c.gln
        return f"urn:epc:id:sgln:{g[:n]}.{g[n:12]}.{_urn_escape(c.extension) if c.extension else '0'}"
    if kind == "pgln":
        return f"urn:epc:id:pgln:{c.gln[:n]}.{c.gln[n:12]}"
    if kind == "grai":
        if not c.serial:
            raise IdentifierError(
                f"{c.key} is a GRAI without a serial number (an asset type); TDS has no EPC URN for it.",
                f"{c.key}是不带序列号的可回收资产代码（资产类型），TDS未定义其EPC URN。",
            )
        return f"urn:epc:id:grai:{c.value[:n]}.{c.value[n:12]}.{_urn_escape(c.serial)}"
    if kind == "giai":
        cp = c.value[:n]
        if len(c.value) <= n or not (cp.isascii() and cp.isdigit()):
            raise IdentifierError(
                f"GIAI {c.value} does not start with a {n}-digit company prefix followed by an asset reference.",
                f"全球单个资产代码{c.value}不是以{n}位厂商识别代码开头并跟随资产参考代码。",
            )
        return f"urn:epc:id:giai:{cp}.{_urn_escape(c.value[n:])}"
    raise _not_gs1(c, "EPC URN", "EPC URN")


def _dl_quote(value: str) -> str:
    # RFC 3986 unreserved characters stay, everything else is %-encoded (GS1 Digital Link §7).
    return quote(value, safe="")


def _origin(host: str) -> str:
    host = host.strip().rstrip("/")
    if not host:
        raise IdentifierError("The host is empty.", "主机名为空。")
    return host if "://" in host else f"https://{host}"


def to_digital_link(canonical: CanonicalId | str, host: str = "https://id.gs1.org") -> str:
    """Write a GS1 identifier as a GS1 Digital Link URI (no company prefix length needed)."""
    c = _as_canonical(canonical)
    origin = _origin(host)
    kind = c.kind
    if kind in ("sgtin", "lgtin", "gtin"):
        uri = f"{origin}/01/{c.gtin}"
        if c.lot:
            uri += f"/10/{_dl_quote(c.lot)}"
        if kind == "sgtin":
            uri += f"/21/{_dl_quote(c.serial)}"
        return uri
    if kind == "sscc":
        return f"{origin}/00/{c.value}"
    if kind == "sgln":
        return f"{origin}/414/{c.gln}" + (f"/254/{_dl_quote(c.extension)}" if c.extension else "")
    if kind == "pgln":
        return f"{origin}/417/{c.gln}"
    if kind == "grai":
        return f"{origin}/8003/0{c.value}{_dl_quote(c.serial)}"
    if kind == "giai":
        return f"{origin}/8004/{_dl_quote(c.value)}"
    raise _not_gs1(c, "GS1 Digital Link", "GS1数字链接")


def party_uri(uscc: str, host: str | None = None) -> str:
    """Platform URI of a party by USCC: ``urn:foodtrace:party:uscc:{USCC}`` or ``https://{host}/party/uscc/{USCC}``."""
    code = parse_uscc(uscc).code
    return f"urn:foodtrace:party:uscc:{code}" if host is None else f"{_origin(host)}/party/uscc/{code}"


def location_uri(code: str, host: str | None = None) -> str:
    """Platform URI of a location: ``urn:foodtrace:loc:{code}`` or ``https://{host}/loc/{code}``."""
    code = _location_code(code)
    return f"urn:foodtrace:loc:{code}" if host is None else f"{_origin(host)}/loc/{code}"


def platform_lot_uri(code: str, host: str | None = None) -> str:
    """Platform URI of a lot without GTIN: ``urn:foodtrace:lot:{code}`` or ``https://{host}/t/{code}``."""
    code = _lot_code(code)
    return f"urn:foodtrace:lot:{code}" if host is None else f"{_origin(host)}/t/{code}"
