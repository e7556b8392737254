"""GS1 identifiers (GTIN, GLN): thin helpers over ``biip``."""

from __future__ import annotations

import unicodedata

from biip import ParseError
from biip.gln import Gln
from biip.gtin import Gtin

from .errors import IdentifierError

# GS1 General Specifications: GTIN-8, GTIN-12 (UPC-A), GTIN-13 (EAN-13), GTIN-14.
_GTIN_LENGTHS = (8, 12, 13, 14)


def _digits_only(value: str, what_en: str, what_zh: str) -> str:
    # NFKC turns full-width digits typed with a Chinese IME into ASCII; biip's own
    # check (str.isdecimal) would let other scripts' digits through.
    value = unicodedata.normalize("NFKC", value).strip()
    if not value:
        raise IdentifierError(f"The {what_en} is empty.", f"{what_zh}为空。")
    for pos, ch in enumerate(value, start=1):
        if not ("0" <= ch <= "9"):
            raise IdentifierError(
                f"Character {pos} of the {what_en} is {ch!r}; a {what_en} contains digits only.",
                f"{what_zh}第{pos}位字符“{ch}”不是数字，{what_zh}只能由数字组成。",
            )
    return value


def gtin_check_digit(first_digits: str) -> str:
    """GS1 mod-10 check digit for the digits that precede it (GS1 General Specifications §7.9.1)."""
    first_digits = _digits_only(first_digits, "GS1 number", "GS1编码")
    if len(first_digits) > 17:
        raise IdentifierError(
            f"GS1 check digits are defined for at most 17 data digits, got {len(first_digits)}.",
            f"GS1校验位最多适用于17位数据，实际为{len(first_digits)}位。",
        )
    # Weights 3, 1, 3, ... starting from the rightmost data digit.
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(first_digits)))
    return str(-total % 10)


def normalise_gtin(value: str) -> str:
    """Validate a GTIN-8/12/13/14 and return it as a zero-padded GTIN-14."""
    value = _digits_only(value, "GTIN", "商品条码（GTIN）")
    if len(value) not in _GTIN_LENGTHS:
        raise IdentifierError(
            f"A GTIN has 8, 12, 13 or 14 digits, got {len(value)}.",
            f"商品条码（GTIN）应为8、12、13或14位数字，实际为{len(value)}位。",
        )
    try:
        gtin = Gtin.parse(value)
    except ParseError as exc:
        # Length and digits were checked above, so normally the check digit failed.
        expected = gtin_check_digit(value[:-1])
        if expected == value[-1]:  # some other biip rule; pass its reason on
            raise IdentifierError(f"Invalid GTIN: {exc}", f"商品条码（GTIN）无效：{exc}") from exc
        raise IdentifierError(
            f"GTIN {value} has check digit {value[-1]}, but the GS1 check digit is {expected}.",
            f"商品条码（GTIN）{value}的校验位为{value[-1]}，按GS1规则应为{expected}。",
        ) from None
    return gtin.as_gtin_14()


def make_gtin13(prefix: str, item_ref: int) -> str:
    """Build a GTIN-13 for demo data: prefix, zero-padded item reference, check digit.

    GS1 prefixes 690-699 belong to GS1 China (中国物品编码中心), hence demo prefix "69".
    """
    prefix = _digits_only(prefix, "GTIN prefix", "商品条码前缀")
    room = 12 - len(prefix)
    if room < 1 or not 0 <= item_ref < 10**room:
        raise IdentifierError(
            f"Prefix {prefix!r} and item reference {item_ref} do not fit in the 12 data digits of a GTIN-13.",
            f"前缀“{prefix}”与商品项目代码{item_ref}超出GTIN-13的12位数据长度。",
        )
    first12 = f"{prefix}{item_ref:0{room}d}"
    return first12 + gtin_check_digit(first12)


def validate_gln(value: str) -> str:
    """Validate a 13-digit GLN (global location number) and return it normalised."""
    value = _digits_only(value, "GLN", "全球位置码（GLN）")
    if len(value) != 13:
        raise IdentifierError(
            f"A GLN has 13 digits, got {len(value)}.",
            f"全球位置码（GLN）应为13位数字，实际为{len(value)}位。",
        )
    try:
        Gln.parse(value)
    except ParseError:
        expected = gtin_check_digit(value[:-1])
        raise IdentifierError(
            f"GLN {value} has check digit {value[-1]}, but the GS1 check digit is {expected}.",
            f"全球位置码（GLN）{value}的校验位为{value[-1]}，按GS1规则应为{expected}。",
        ) from None
    return value
