"""The canonical identifier (``CanonicalId``) and the GS1 rules every spelling of it shares: character set 82,
its escaping in EPC URNs, and check digits. The spellings themselves are read in ``epc_urn`` (EPC URNs),
``digital_link`` (GS1 Digital Link URIs) and ``epc`` (platform URIs and the public API); see ``epc`` for the
canonical keys. Pure Python (stdlib only), no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import unquote

from .errors import IdentifierError
from .gs1 import normalise_gtin

KINDS = frozenset(
    {
        "sgtin", "lgtin", "gtin", "sscc", "sgln", "pgln", "grai", "giai",
        "uscc_party", "platform_location", "platform_lot", "other",
    }
)  # fmt: skip
_GS1_KINDS = frozenset({"sgtin", "lgtin", "gtin", "sscc", "sgln", "pgln", "grai", "giai"})


@dataclass(frozen=True, slots=True)
class CanonicalId:
    """One identifier, whatever its spelling. Equality and hashing use ``key`` only."""

    kind: str = field(compare=False)
    key: str
    gtin: str = field(default="", compare=False)  # GTIN-14: sgtin, lgtin, gtin
    serial: str = field(default="", compare=False)  # sgtin, grai (decoded, unescaped)
    lot: str = field(default="", compare=False)  # lgtin; sgtin when the DL also gave AI 10
    gln: str = field(default="", compare=False)  # GLN-13: sgln, pgln
    extension: str = field(default="", compare=False)  # sgln; "" = no extension
    value: str = field(default="", compare=False)  # sscc18, grai13, giai, USCC, location/lot code, other URI

    def __str__(self) -> str:
        return self.key


# --- character sets and escaping ------------------------------------------------------------------

# GS1 General Specifications Figure 7.11-1, character set 82 (AI encodable character set).
_CS82 = frozenset("!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")
# TDS: in an EPC URI these characters of set 82 must be written as %-escapes; the rest stand as they are.
_URN_ESCAPE = str.maketrans({'"': "%22", "%": "%25", "&": "%26", "/": "%2F", "<": "%3C", ">": "%3E", "?": "%3F"})
# A URN component: set 82 minus the escaped characters, or an escape.
_URN_COMPONENT = re.compile(r"(?:[!'()*+,\-.0-9:;=A-Z_a-z]|%[0-9A-Fa-f]{2})+")
_DIGITS = "0123456789"


def _check_digit(first_digits: str) -> str:
    # Same result as gs1.gtin_check_digit (weights 3, 1, 3, ... from the right), without its input
    # cleaning: callers pass ASCII digits already matched by a regex. This is the hot path.
    # Summing the ASCII codes (in C) and subtracting 48 per digit is ~4x faster than int() per digit.
    b = first_digits.encode()
    return _DIGITS[-(3 * sum(b[::-2]) + sum(b[-2::-2]) - 48 * (3 * ((len(b) + 1) // 2) + len(b) // 2)) % 10]


def _check_cs82(value: str, max_len: int, what_en: str, what_zh: str) -> str:
    if not value:
        raise IdentifierError(f"The {what_en} is empty.", f"{what_zh}为空。")
    if len(value) > max_len:
        raise IdentifierError(
            f"The {what_en} has at most {max_len} characters, got {len(value)}.",
            f"{what_zh}最多{max_len}个字符，实际为{len(value)}个。",
        )
    for pos, ch in enumerate(value, start=1):
        if ch not in _CS82:
            raise IdentifierError(
                f"Character {pos} of the {what_en} is {ch!r}, which GS1 does not allow "
                "(use letters A-Z a-z, digits and !\"%&'()*+,-./:;<=>?_).",
                f"{what_zh}第{pos}位字符“{ch}”不符合GS1规定（只能使用英文字母、数字及!\"%&'()*+,-./:;<=>?_）。",
            )
    return value


def _urn_unescape(component: str, max_len: int, what_en: str, what_zh: str) -> str:
    if "%" in component:
        component = unquote(component, errors="strict")
    return _check_cs82(component, max_len, what_en, what_zh)


def _urn_escape(value: str) -> str:
    return value.translate(_URN_ESCAPE)


def _error(uri: str, exc: IdentifierError) -> IdentifierError:
    return IdentifierError(f"Invalid identifier {uri!r}: {exc.message_en}", f"标识符“{uri}”无效：{exc.message_zh}")



def _sgln(gln: str, ext: str) -> CanonicalId:
    if ext == "0":  # TDS: extension 0 = no extension; DL /414/{gln} is the same location
        ext = ""
    key = f"sgln:{gln}:{ext}" if ext else f"sgln:{gln}"
    return CanonicalId("sgln", key, gln=gln, extension=ext)


def _grai(grai: str, serial: str) -> CanonicalId:
    key = f"grai:{grai}:{serial}" if serial else f"grai:{grai}"
    return CanonicalId("grai", key, serial=serial, value=grai)



def _gtin14(value: str) -> str:
    if _check_digit(value[:-1]) != value[-1]:
        normalise_gtin(value)  # raises with the expected check digit in both languages
    return value.rjust(14, "0")


def _verified(value: str, what_en: str, what_zh: str) -> str:
    expected = _check_digit(value[:-1])
    if expected != value[-1]:
        raise IdentifierError(
            f"{what_en} {value} has check digit {value[-1]}, but the GS1 check digit is {expected}.",
            f"{what_zh}{value}的校验位为{value[-1]}，按GS1规则应为{expected}。",
        )
    return value
