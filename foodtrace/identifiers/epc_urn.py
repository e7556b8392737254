"""Reading EPC pure-identity URNs (GS1 Tag Data Standard 2.x) into a ``CanonicalId`` (written back by
``epc.to_epc_urn``). Pure Python (stdlib only), no Django."""

from __future__ import annotations

import re

from .canonical import (
    _URN_COMPONENT,
    CanonicalId,
    _check_cs82,
    _check_digit,
    _grai,
    _sgln,
    _urn_unescape,
)
from .errors import IdentifierError

_EPC_URN = re.compile(r"urn:epc:(id|class|idpat):([a-z]+):(.*)", re.IGNORECASE | re.DOTALL)
_TWO_NUM_REST = re.compile(r"([0-9]+)\.([0-9]+)\.(.*)", re.DOTALL)  # CP.Ref.Component
_NUM_NUM = re.compile(r"([0-9]+)\.([0-9]+)")  # CP.Ref
# SGLN, PGLN, GRAI: with a 12-digit company prefix the reference has no digits at all (TDS partition 0).
_NUM_OPT_REST = re.compile(r"([0-9]+)\.([0-9]*)\.(.*)", re.DOTALL)  # CP.[Ref].Component
_NUM_OPT = re.compile(r"([0-9]+)\.([0-9]*)")  # CP.[Ref]
_NUM_REST = re.compile(r"([0-9]+)\.(.*)", re.DOTALL)  # CP.Component

_URN_FORMS = {
    "sgtin": "urn:epc:id:sgtin:CompanyPrefix.IndicatorItemRef.Serial",
    "lgtin": "urn:epc:class:lgtin:CompanyPrefix.IndicatorItemRef.Lot",
    "idpat-sgtin": "urn:epc:idpat:sgtin:CompanyPrefix.IndicatorItemRef.*",
    "sscc": "urn:epc:id:sscc:CompanyPrefix.SerialRef",
    "sgln": "urn:epc:id:sgln:CompanyPrefix.LocationRef.Extension",
    "pgln": "urn:epc:id:pgln:CompanyPrefix.PartyRef",
    "grai": "urn:epc:id:grai:CompanyPrefix.AssetType.Serial",
    "giai": "urn:epc:id:giai:CompanyPrefix.AssetRef",
}


def _malformed(form: str) -> IdentifierError:
    return IdentifierError(
        f"Malformed EPC URN; expected {_URN_FORMS[form]} "
        '(in a serial, lot or extension write " % & / < > ? as %22 %25 %26 %2F %3C %3E %3F).',
        f"EPC URN格式错误，应为{_URN_FORMS[form]}"
        '（序列号、批号或扩展中的" % & / < > ?须写作%22 %25 %26 %2F %3C %3E %3F）。',
    )


def _check_company_prefix(cp: str) -> None:
    if not 6 <= len(cp) <= 12:
        raise IdentifierError(
            f"An EPC company prefix has 6 to 12 digits, got {len(cp)}.",
            f"EPC中的厂商识别代码应为6至12位数字，实际为{len(cp)}位。",
        )


def _check_partition(cp: str, ref: str, total: int, ref_en: str, ref_zh: str) -> None:
    _check_company_prefix(cp)
    if len(cp) + len(ref) != total:
        raise IdentifierError(
            f"Company prefix and {ref_en} together have {total} digits, got {len(cp)} + {len(ref)}.",
            f"厂商识别代码与{ref_zh}合计应为{total}位数字，实际为{len(cp)}+{len(ref)}位。",
        )


def _component(m: re.Match | None, form: str) -> re.Match:
    if m is None or not _URN_COMPONENT.fullmatch(m.group(m.lastindex)):
        raise _malformed(form)
    return m


def _from_epc_urn(ns: str, scheme: str, body: str, uri: str) -> CanonicalId:
    if ns == "id":
        if scheme == "sgtin":
            cp, iir, serial = _component(_TWO_NUM_REST.fullmatch(body), "sgtin").groups()
            _check_partition(cp, iir, 13, "indicator/item reference", "指示符及商品项目代码")
            first13 = iir[0] + cp + iir[1:]
            gtin = first13 + _check_digit(first13)
            serial = _urn_unescape(serial, 20, "serial number", "序列号")
            return CanonicalId("sgtin", f"sgtin:{gtin}:{serial}", gtin=gtin, serial=serial)
        if scheme == "sscc":
            m = _NUM_NUM.fullmatch(body)
            if m is None:
                raise _malformed("sscc")
            cp, ref = m.groups()
            _check_partition(cp, ref, 17, "serial reference", "系列号")
            first17 = ref[0] + cp + ref[1:]
            sscc = first17 + _check_digit(first17)
            return CanonicalId("sscc", f"sscc:{sscc}", value=sscc)
        if scheme == "sgln":
            cp, ref, ext = _component(_NUM_OPT_REST.fullmatch(body), "sgln").groups()
            _check_partition(cp, ref, 12, "location reference", "位置参考代码")
            gln = cp + ref + _check_digit(cp + ref)
            ext = _urn_unescape(ext, 20, "GLN extension", "位置码扩展")
            return _sgln(gln, ext)
        if scheme == "pgln":
            m = _NUM_OPT.fullmatch(body)
            if m is None:
                raise _malformed("pgln")
            cp, ref = m.groups()
            _check_partition(cp, ref, 12, "party reference", "参与方参考代码")
            gln = cp + ref + _check_digit(cp + ref)
            return CanonicalId("pgln", f"pgln:{gln}", gln=gln)
        if scheme == "grai":
            cp, ref, serial = _component(_NUM_OPT_REST.fullmatch(body), "grai").groups()
            _check_partition(cp, ref, 12, "asset type", "资产类型代码")
            grai = cp + ref + _check_digit(cp + ref)
            serial = _urn_unescape(serial, 16, "GRAI serial number", "可回收资产序列号")
            return _grai(grai, serial)
        if scheme == "giai":
            cp, ref = _component(_NUM_REST.fullmatch(body), "giai").groups()
            _check_company_prefix(cp)
            ref = _urn_unescape(ref, 30 - len(cp), "individual asset reference", "单个资产参考代码")
            giai = _check_cs82(cp + ref, 30, "GIAI", "全球单个资产代码（GIAI）")
            return CanonicalId("giai", f"giai:{giai}", value=giai)
    elif ns == "class" and scheme == "lgtin":
        cp, iir, lot = _component(_TWO_NUM_REST.fullmatch(body), "lgtin").groups()
        _check_partition(cp, iir, 13, "indicator/item reference", "指示符及商品项目代码")
        first13 = iir[0] + cp + iir[1:]
        gtin = first13 + _check_digit(first13)
        lot = _urn_unescape(lot, 20, "batch/lot number", "批号")
        return CanonicalId("lgtin", f"lgtin:{gtin}:{lot}", gtin=gtin, lot=lot)
    elif ns == "idpat" and scheme == "sgtin":
        m = _TWO_NUM_REST.fullmatch(body)
        if m is not None and m.group(3) == "*":
            cp, iir, _ = m.groups()
            _check_partition(cp, iir, 13, "indicator/item reference", "指示符及商品项目代码")
            first13 = iir[0] + cp + iir[1:]
            gtin = first13 + _check_digit(first13)
            return CanonicalId("gtin", f"gtin:{gtin}", gtin=gtin)
    return CanonicalId("other", f"other:{uri}", value=uri)  # other schemes and patterns

