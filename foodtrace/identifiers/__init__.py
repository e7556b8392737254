"""Parsing, validation, demo generation and masking of identifiers used by FoodTrace.

Pure Python (stdlib + ``biip``), no Django: USCC (GB 32100-2015), SC/JY food
licence numbers, GS1 GTIN/GLN, display masking of personal data, and one
canonical form for identifiers written as EPC URNs, GS1 Digital Link URIs or
platform URIs (``epc``). Every validation failure is an ``IdentifierError``
(a ``ValueError``) carrying an English and a Chinese message.
"""

from .epc import (
    CanonicalId,
    canonical_from_key,
    canonical_id,
    location_uri,
    party_uri,
    platform_lot_uri,
    to_digital_link,
    to_epc_urn,
)
from .errors import IdentifierError
from .gs1 import gtin_check_digit, make_gtin13, normalise_gtin, validate_gln
from .licences import (
    LicenceNumber,
    licence_area_matches,
    make_licence_number,
    parse_licence_number,
)
from .masking import mask_id, mask_name, mask_phone
from .uscc import USCC_CHARSET, UsccInfo, make_uscc, parse_uscc, uscc_check_char

__all__ = [
    "USCC_CHARSET",
    "CanonicalId",
    "IdentifierError",
    "LicenceNumber",
    "UsccInfo",
    "canonical_from_key",
    "canonical_id",
    "gtin_check_digit",
    "licence_area_matches",
    "location_uri",
    "make_gtin13",
    "make_licence_number",
    "make_uscc",
    "mask_id",
    "mask_name",
    "mask_phone",
    "normalise_gtin",
    "parse_licence_number",
    "parse_uscc",
    "party_uri",
    "platform_lot_uri",
    "to_digital_link",
    "to_epc_urn",
    "uscc_check_char",
    "validate_gln",
]
