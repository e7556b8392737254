"""Unified social credit code (统一社会信用代码), GB 32100-2015."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from .errors import IdentifierError

# GB 32100-2015 Table 1: digits plus upper-case letters without I, O, S, V, Z
# (they are too easily confused with 1, 0, 5, U, 2). Value = index.
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {ch: i for i, ch in enumerate(USCC_CHARSET)}
# GB 32100-2015 Table 2: weight of position i is 3^(i-1) mod 31.
_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))

_CHARSET_EN = "digits 0-9 and letters A-Z except I, O, S, V, Z"
_CHARSET_ZH = "数字0-9及除I、O、S、V、Z以外的大写字母"


@dataclass(frozen=True)
class UsccInfo:
    code: str  # stripped, upper-cased
    division_code: str  # characters 3-8, GB/T 2260 administrative division
    check_ok: bool
    expected_check: str


def _normalise(value: str) -> str:
    # NFKC turns full-width input from Chinese IMEs (“９１４３…”) into ASCII.
    return unicodedata.normalize("NFKC", value).strip().upper()


def _check_chars(code: str, start: int = 1) -> None:
    # ``start`` lets a fragment (e.g. the body, positions 9-17) report full-code positions.
    for pos, ch in enumerate(code, start=start):
        if ch not in _VALUE:
            raise IdentifierError(
                f"USCC character {pos} is {ch!r}, which is not allowed; use {_CHARSET_EN}.",
                f"统一社会信用代码第{pos}位字符“{ch}”不合法，只能使用{_CHARSET_ZH}。",
            )


def _check_char(first17: str) -> str:
    # GB 32100-2015 check formula: C18 = 31 - MOD(sum(Ci * Wi), 31); a result of 31 means 0.
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, _WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def uscc_check_char(first17: str) -> str:
    """Return the check character (position 18) for the first 17 characters."""
    first17 = _normalise(first17)
    if len(first17) != 17:
        raise IdentifierError(
            f"Need the first 17 characters of a USCC to compute the check character, got {len(first17)}.",
            f"计算校验码需要统一社会信用代码的前17位，实际为{len(first17)}位。",
        )
    _check_chars(first17)
    return _check_char(first17)


def parse_uscc(code: str) -> UsccInfo:
    """Parse a USCC; raise IdentifierError on bad length or characters.

    A wrong check character does not raise: some codes issued in practice fail
    the check, so the caller decides what to do with ``check_ok`` False.
    """
    code = _normalise(code)
    if not code:
        raise IdentifierError("The USCC is empty.", "统一社会信用代码为空。")
    if len(code) != 18:
        raise IdentifierError(
            f"A USCC has 18 characters, got {len(code)}.",
            f"统一社会信用代码应为18位，实际为{len(code)}位。",
        )
    _check_chars(code)
    expected = _check_char(code[:17])
    # GB 32100-2015 §4: positions 3-8 are the registering authority's division code.
    return UsccInfo(
        code=code, division_code=code[2:8], check_ok=code[17] == expected, expected_check=expected
    )


def make_uscc(division_code: str, body: str, authority: str = "9", org_type: str = "1") -> str:
    """Build a valid USCC (for demo data). Defaults: 9 = market regulator, 1 = enterprise."""
    division_code = _normalise(division_code)
    if len(division_code) != 6 or not (division_code.isascii() and division_code.isdigit()):
        raise IdentifierError(
            f"The division code must be 6 digits (GB/T 2260), got {division_code!r}.",
            f"行政区划代码应为6位数字（GB/T 2260），实际为“{division_code}”。",
        )
    body = _normalise(body)
    if len(body) != 9:
        raise IdentifierError(
            f"The organisation code body must be 9 characters, got {len(body)}.",
            f"主体标识码应为9位，实际为{len(body)}位。",
        )
    _check_chars(body, start=9)
    authority, org_type = _normalise(authority), _normalise(org_type)
    for label_en, label_zh, value in (
        ("registration authority code", "登记管理部门代码", authority),
        ("organisation type code", "机构类别代码", org_type),
    ):
        if len(value) != 1 or value not in _VALUE:
            raise IdentifierError(
                f"The {label_en} must be one character from {_CHARSET_EN}, got {value!r}.",
                f"{label_zh}应为1位，取自{_CHARSET_ZH}，实际为“{value}”。",
            )
    first17 = f"{authority}{org_type}{division_code}{body}"
    return first17 + _check_char(first17)
