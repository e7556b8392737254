"""Masking of personal data shown in lists.

《个人信息保护法》 (PIPL) Art. 51 and the 等保 (GB/T 22239-2019) data-protection
controls call for de-identifying personal information that a screen does not
need in full. Each helper returns '' for None or '' so templates can call it
on optional fields.
"""

from __future__ import annotations

import re

# Chinese mobile numbers: 11 digits starting with 1, optionally after +86 / 0086.
_MOBILE = re.compile(r"(\+86|0086)?(1[0-9]{10})")
_SEPARATORS = re.compile(r"[\s\-()]")


def mask_name(name: str | None) -> str:
    """Keep the first character (usually the surname): 张三丰 -> 张**."""
    name = (name or "").strip()
    return name[:1] + "*" * (len(name) - 1) if name else ""


def mask_phone(phone: str | None) -> str:
    """138****5678 for an 11-digit mobile; otherwise only the last 2 characters stay visible."""
    compact = _SEPARATORS.sub("", phone or "")
    match = _MOBILE.fullmatch(compact)
    if match:
        country, mobile = match.group(1) or "", match.group(2)
        return f"{country}{mobile[:3]}****{mobile[-4:]}"
    # Never show a very short value in full: with 2 characters or fewer, mask everything.
    if len(compact) <= 2:
        return "*" * len(compact)
    return "*" * (len(compact) - 2) + compact[-2:]


def mask_id(value: str | None) -> str:
    """Keep the first 4 and last 4 characters when longer than 8, else mask everything."""
    value = (value or "").strip()
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]
