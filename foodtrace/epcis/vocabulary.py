"""CBV 2.0 standard vocabulary: the bare words of the JSON binding and their URN forms.

JSON lets a standard CBV value be written bare (``"shipping"``); XML and the
query interface also meet the URN form (``urn:epcglobal:cbv:bizstep:shipping``)
and CBV 2.0's web URI form (``https://ref.gs1.org/cbv/BizStep-shipping``).
All three name the same value.
"""

# field -> (URN prefix, web URI prefix)
VOCABULARIES = {
    "bizStep": ("urn:epcglobal:cbv:bizstep:", "https://ref.gs1.org/cbv/BizStep-"),
    "disposition": ("urn:epcglobal:cbv:disp:", "https://ref.gs1.org/cbv/Disp-"),
    "bizTransactionType": ("urn:epcglobal:cbv:btt:", "https://ref.gs1.org/cbv/BTT-"),
    "sourceDestType": ("urn:epcglobal:cbv:sdt:", "https://ref.gs1.org/cbv/SDT-"),
    "errorReason": ("urn:epcglobal:cbv:er:", "https://ref.gs1.org/cbv/ER-"),
}


def _is_bare(value: str) -> bool:
    return ":" not in value


def expand(vocabulary: str, value: str) -> str:
    """The URN form of a bare CBV word; any other value (a URI already) unchanged."""
    urn, _web = VOCABULARIES[vocabulary]
    return urn + value if value and _is_bare(value) else value


def compact(vocabulary: str, value: str) -> str:
    """The bare word for a standard CBV value in URN or web URI form; others unchanged."""
    urn, web = VOCABULARIES[vocabulary]
    for prefix in (urn, web):
        if value.startswith(prefix):
            return value[len(prefix):]
    return value


def same(vocabulary: str, a: str, b: str) -> bool:
    return compact(vocabulary, a) == compact(vocabulary, b)
