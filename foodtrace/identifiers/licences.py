"""Food production (SC) and food business (JY) licence numbers.

Layouts follow 《食品生产许可管理办法》 (SC: 3-digit food category, 2+2+2-digit
province/city/county code, 4-digit sequence, 1 check digit) and
《食品经营许可和备案管理办法》 (JY: 1-digit business type, 2+2+2-digit area code,
6-digit sequence, 1 check digit).

The check-digit algorithm for either kind is not published in the sources we
have, so the final digit is split out but never verified.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from .errors import IdentifierError

# 食品经营许可和备案管理办法: 主体业态代码 1/2/3.
BUSINESS_TYPES = {
    1: ("食品销售经营者", "food sales"),
    2: ("餐饮服务经营者", "catering service"),
    3: ("单位食堂", "unit canteen"),
}
_KIND_ZH = {"SC": "食品生产许可证编号", "JY": "食品经营许可证编号"}


@dataclass(frozen=True)
class LicenceNumber:
    number: str  # stripped, upper-cased
    kind: str  # "SC" or "JY"
    area_code: str  # 6 digits: province, city, county (GB/T 2260 style)
    sequence: str  # SC: 4 digits, JY: 6 digits; kept as text to preserve leading zeros
    check_digit: str  # not verified: algorithm unpublished
    category_code: str | None = None  # SC only: 3-digit food category
    business_type: int | None = None  # JY only: 1..3
    business_type_label: str | None = None  # JY only, official Chinese term
    business_type_label_en: str | None = None


def _is_digits(value: str) -> bool:
    # str.isdigit() also accepts e.g. Arabic-Indic digits; licence numbers are ASCII.
    return value.isascii() and value.isdigit()


def parse_licence_number(number: str) -> LicenceNumber:
    """Split an SC/JY licence number into its fields; raise IdentifierError if malformed."""
    # NFKC turns full-width input from Chinese IMEs into ASCII.
    number = unicodedata.normalize("NFKC", number).strip().upper()
    if not number:
        raise IdentifierError("The licence number is empty.", "许可证编号为空。")
    kind = number[:2]
    if kind not in _KIND_ZH:
        raise IdentifierError(
            f"A licence number starts with SC (food production) or JY (food business), got {kind!r}.",
            f"许可证编号应以SC（食品生产）或JY（食品经营）开头，实际为“{kind}”。",
        )
    digits = number[2:]
    if len(digits) != 14:
        raise IdentifierError(
            f"A {kind} licence number has 14 digits after {kind!r}, got {len(digits)}.",
            f"{_KIND_ZH[kind]}在“{kind}”后应有14位数字，实际为{len(digits)}位。",
        )
    for pos, ch in enumerate(digits, start=3):
        if not _is_digits(ch):
            raise IdentifierError(
                f"Character {pos} of the {kind} licence number is {ch!r}; only digits may follow {kind!r}.",
                f"{_KIND_ZH[kind]}第{pos}位字符“{ch}”不是数字，“{kind}”后只能是数字。",
            )
    if kind == "SC":
        return LicenceNumber(
            number=number,
            kind=kind,
            category_code=digits[:3],
            area_code=digits[3:9],
            sequence=digits[9:13],
            check_digit=digits[13],
        )
    business_type = int(digits[0])
    if business_type not in BUSINESS_TYPES:
        raise IdentifierError(
            f"The JY business type digit (character 3) must be 1 (food sales), 2 (catering) "
            f"or 3 (unit canteen), got {business_type}.",
            f"食品经营许可证编号第3位主体业态代码应为1（食品销售经营者）、2（餐饮服务经营者）"
            f"或3（单位食堂），实际为{business_type}。",
        )
    label_zh, label_en = BUSINESS_TYPES[business_type]
    return LicenceNumber(
        number=number,
        kind=kind,
        business_type=business_type,
        business_type_label=label_zh,
        business_type_label_en=label_en,
        area_code=digits[1:7],
        sequence=digits[7:13],
        check_digit=digits[13],
    )


def licence_area_matches(number_or_parsed: str | LicenceNumber, district_code: str) -> bool:
    """True if the licence's 6-digit area code equals ``district_code`` exactly."""
    parsed = number_or_parsed
    if not isinstance(parsed, LicenceNumber):
        parsed = parse_licence_number(parsed)
    district_code = district_code.strip()
    if len(district_code) != 6 or not _is_digits(district_code):
        raise IdentifierError(
            f"The district code must be 6 digits, got {district_code!r}.",
            f"区县代码应为6位数字，实际为“{district_code}”。",
        )
    return parsed.area_code == district_code


def _require_digits(value: str, length: int, name_en: str, name_zh: str) -> None:
    if len(value) != length or not _is_digits(value):
        raise IdentifierError(
            f"The {name_en} must be {length} digits, got {value!r}.",
            f"{name_zh}应为{length}位数字，实际为“{value}”。",
        )


def make_licence_number(kind: str, area_code: str, sequence: int, category_or_type: str | int) -> str:
    """Build a well-formed licence number for demo data.

    ``category_or_type`` is the 3-digit food category for SC, the business type 1..3 for JY.
    """
    kind = kind.strip().upper()
    if kind not in _KIND_ZH:
        raise IdentifierError(
            f"The licence kind must be 'SC' or 'JY', got {kind!r}.",
            f"许可证类型应为“SC”或“JY”，实际为“{kind}”。",
        )
    _require_digits(area_code, 6, "area code", "地区代码")
    seq_len = 4 if kind == "SC" else 6
    if not 0 <= sequence < 10**seq_len:
        raise IdentifierError(
            f"The {kind} sequence number must be between 0 and {10**seq_len - 1}, got {sequence}.",
            f"{_KIND_ZH[kind]}顺序码应在0到{10**seq_len - 1}之间，实际为{sequence}。",
        )
    if kind == "SC":
        head = str(category_or_type).zfill(3) if isinstance(category_or_type, int) else category_or_type
        _require_digits(head, 3, "food category code", "食品类别编码")
    else:
        head = str(category_or_type)
        if head not in ("1", "2", "3"):
            raise IdentifierError(
                f"The JY business type must be 1, 2 or 3, got {category_or_type!r}.",
                f"主体业态代码应为1、2或3，实际为“{category_or_type}”。",
            )
    body = f"{head}{area_code}{sequence:0{seq_len}d}"
    # Placeholder check digit (sum of digits mod 10): the official algorithm is
    # unpublished, and parse_licence_number never verifies it anyway.
    return f"{kind}{body}{sum(map(int, body)) % 10}"
