"""Reading GS1 Digital Link URIs (any host) into a ``CanonicalId`` (written back by ``epc.to_digital_link``).
Pure Python (stdlib only), no Django."""

from __future__ import annotations

import re
from urllib.parse import unquote

from .canonical import CanonicalId, _check_cs82, _check_digit, _grai, _gtin14, _sgln, _verified
from .errors import IdentifierError
from .gs1 import validate_gln

_HTTP = re.compile(r"(?:[Hh][Tt][Tt][Pp][Ss]?)://([^/?#]+)([^?#]*)(?:\?[^#]*)?(?:#.*)?", re.DOTALL)
# Structural shape of each primary key's value (check digits are verified afterwards).
_DL_PRIMARY = {
    "01": (re.compile(r"[0-9]{8}|[0-9]{12,14}"), ("10", "21")),
    "00": (re.compile(r"[0-9]{18}"), ()),
    "414": (re.compile(r"[0-9]{13}"), ("254",)),
    "417": (re.compile(r"[0-9]{13}"), ()),
    "8003": (re.compile(r"[0-9]{14}.*", re.DOTALL), ()),
    "8004": (re.compile(r"[0-9].*", re.DOTALL), ()),
}


def _dl_tail(segs: list[str], i: int) -> tuple[str, str, dict[str, str]] | None:
    """Read segs[i:] as primary key, value, then (qualifier, value) pairs; None if it does not fit."""
    if (len(segs) - i) % 2:
        return None
    ai, value = segs[i], segs[i + 1]
    shape, allowed = _DL_PRIMARY[ai]
    if not shape.fullmatch(value):
        return None
    quals: dict[str, str] = {}
    for j in range(i + 2, len(segs), 2):
        q = segs[j]
        if q not in allowed or q in quals or not segs[j + 1]:
            return None
        quals[q] = segs[j + 1]
    return ai, value, quals



def _dl_decode(segment: str, max_len: int, what_en: str, what_zh: str) -> str:
    if "%" in segment:
        segment = unquote(segment)
    return _check_cs82(segment, max_len, what_en, what_zh)


def _from_dl(ai: str, value: str, quals: dict[str, str]) -> CanonicalId:
    if ai == "01":
        gtin = _gtin14(value)
        lot = _dl_decode(quals["10"], 20, "batch/lot number", "批号") if "10" in quals else ""
        if "21" in quals:
            serial = _dl_decode(quals["21"], 20, "serial number", "序列号")
            return CanonicalId("sgtin", f"sgtin:{gtin}:{serial}", gtin=gtin, serial=serial, lot=lot)
        if lot:
            return CanonicalId("lgtin", f"lgtin:{gtin}:{lot}", gtin=gtin, lot=lot)
        return CanonicalId("gtin", f"gtin:{gtin}", gtin=gtin)
    if ai == "00":
        sscc = _verified(value, "SSCC", "系列货运包装箱代码（SSCC）")
        return CanonicalId("sscc", f"sscc:{sscc}", value=sscc)
    if ai == "414":
        gln = value if _check_digit(value[:-1]) == value[-1] else validate_gln(value)
        ext = _dl_decode(quals["254"], 20, "GLN extension", "位置码扩展") if "254" in quals else ""
        return _sgln(gln, ext)
    if ai == "417":
        gln = value if _check_digit(value[:-1]) == value[-1] else validate_gln(value)
        return CanonicalId("pgln", f"pgln:{gln}", gln=gln)
    if ai == "8003":
        value = _dl_decode(value, 30, "GRAI", "可回收资产代码（GRAI）")
        if value[0] != "0":
            raise IdentifierError(
                f"A GRAI (AI 8003) starts with the filler digit 0, got {value[0]!r}.",
                f"可回收资产代码（AI 8003）应以补位数字0开头，实际为“{value[0]}”。",
            )
        grai = _verified(value[1:14], "GRAI", "可回收资产代码（GRAI）")
        serial = value[14:]
        return _grai(grai, serial)
    giai = _dl_decode(value, 30, "GIAI", "全球单个资产代码（GIAI）")  # ai == "8004"
    return CanonicalId("giai", f"giai:{giai}", value=giai)

