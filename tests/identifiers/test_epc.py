from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from foodtrace.identifiers import (
    CanonicalId,
    IdentifierError,
    canonical_from_key,
    canonical_id,
    gtin_check_digit,
    location_uri,
    make_uscc,
    party_uri,
    platform_lot_uri,
    to_digital_link,
    to_epc_urn,
)
from foodtrace.identifiers.canonical import _check_digit

# TDS 2.x worked examples: company prefix 0614141, GTIN 80614141123458, GLN 0614141123452.
SGTIN_URN = "urn:epc:id:sgtin:0614141.812345.6789"
GTIN = "80614141123458"
GLN = "0614141123452"
USCC = make_uscc("430102", "MA4L16FG8")
LOC = "L430102-7F3A9C01"
LOT = "T20250101ABC1234"


def key(uri: str) -> str:
    return canonical_id(uri).key


# --- equivalences -----------------------------------------------------------------------------------------


def test_sgtin_urn_equals_digital_link():
    c = canonical_id(SGTIN_URN)
    assert (c.kind, c.key, c.gtin, c.serial) == ("sgtin", f"sgtin:{GTIN}:6789", GTIN, "6789")
    assert canonical_id(f"https://id.gs1.org/01/{GTIN}/21/6789") == c
    assert key(f"http://shop.example.cn/p/01/{GTIN}/21/6789") == c.key


def test_lgtin_urn_equals_digital_link_on_two_hosts():
    urn = canonical_id("urn:epc:class:lgtin:0614141.812345.LOT-1")
    dl1 = canonical_id(f"https://id.gs1.org/01/{GTIN}/10/LOT-1")
    dl2 = canonical_id(f"https://trace.example.cn/some/path/01/{GTIN}/10/LOT-1?17=261231#x")
    assert urn.key == dl1.key == dl2.key == f"lgtin:{GTIN}:LOT-1"
    assert urn == dl1 == dl2 and len({urn, dl1, dl2}) == 1
    assert urn.kind == "lgtin" and urn.lot == "LOT-1"


def test_gtin_class_pattern_equals_bare_gtin_digital_link():
    c = canonical_id("urn:epc:idpat:sgtin:0614141.812345.*")
    assert (c.kind, c.key) == ("gtin", f"gtin:{GTIN}")
    assert canonical_id(f"https://id.gs1.org/01/{GTIN}") == c
    assert canonical_id(f"https://id.gs1.org/01/{GTIN}/") == c  # trailing slash
    assert canonical_id(f"https://id.gs1.org/01/{GTIN}/10/L1") != c  # a lot is not the product class


def test_sgtin_with_lot_in_digital_link_is_the_same_instance():
    with_lot = canonical_id(f"https://id.gs1.org/01/{GTIN}/10/L1/21/6789")
    assert with_lot.kind == "sgtin" and with_lot.lot == "L1"
    assert with_lot == canonical_id(SGTIN_URN)  # equality is by key; GTIN + serial is the instance
    assert to_digital_link(with_lot) == f"https://id.gs1.org/01/{GTIN}/10/L1/21/6789"
    assert to_epc_urn(with_lot) == SGTIN_URN  # an EPC has no lot


def test_sscc():
    c = canonical_id("urn:epc:id:sscc:0614141.1234567890")
    assert (c.kind, c.key, c.value) == ("sscc", "sscc:106141412345678908", "106141412345678908")
    assert canonical_id("https://id.gs1.org/00/106141412345678908") == c


def test_sgln_without_extension():
    no_ext = canonical_id("urn:epc:id:sgln:0614141.12345.0")
    assert (no_ext.kind, no_ext.key, no_ext.gln, no_ext.extension) == ("sgln", f"sgln:{GLN}", GLN, "")
    assert canonical_id(f"https://id.gs1.org/414/{GLN}") == no_ext
    assert canonical_id(f"https://example.com/414/{GLN}/254/0") == no_ext  # AI 254 "0" = none
    assert to_epc_urn(no_ext) == "urn:epc:id:sgln:0614141.12345.0"
    assert to_digital_link(no_ext) == f"https://id.gs1.org/414/{GLN}"


def test_sgln_with_extension():
    ext = canonical_id("urn:epc:id:sgln:0614141.12345.400")
    assert (ext.key, ext.extension) == (f"sgln:{GLN}:400", "400")
    assert canonical_id(f"https://id.gs1.org/414/{GLN}/254/400") == ext
    assert ext != canonical_id(f"https://id.gs1.org/414/{GLN}")
    assert to_digital_link(ext) == f"https://id.gs1.org/414/{GLN}/254/400"


def test_pgln_equals_digital_link_417_but_not_a_location():
    party = canonical_id("urn:epc:id:pgln:0614141.12345")
    assert (party.kind, party.key, party.gln) == ("pgln", f"pgln:{GLN}", GLN)
    assert canonical_id(f"https://id.gs1.org/417/{GLN}") == party
    assert party != canonical_id(f"https://id.gs1.org/414/{GLN}")


def test_grai_and_giai():
    grai = canonical_id("urn:epc:id:grai:0614141.12345.400")
    assert (grai.kind, grai.key, grai.value, grai.serial) == ("grai", f"grai:{GLN}:400", GLN, "400")
    assert canonical_id(f"https://id.gs1.org/8003/0{GLN}400") == grai
    asset_type = canonical_id(f"https://id.gs1.org/8003/0{GLN}")
    assert asset_type.key == f"grai:{GLN}" and asset_type != grai
    with pytest.raises(IdentifierError, match="asset type"):
        to_epc_urn(asset_type)
    giai = canonical_id("urn:epc:id:giai:0614141.12345400")
    assert (giai.kind, giai.key) == ("giai", "giai:061414112345400")
    assert canonical_id("https://id.gs1.org/8004/061414112345400") == giai


def test_urn_prefix_is_case_insensitive_and_whitespace_ignored():
    assert key("  URN:EPC:ID:SGTIN:0614141.812345.6789\n") == key(SGTIN_URN)
    assert key(f"HTTPS://ID.GS1.ORG/01/{GTIN}/21/6789") == key(SGTIN_URN)


def test_digital_link_path_prefix_with_ai_like_segments():
    # "2024/01" in the path prefix must not be taken for AI 01.
    assert key(f"https://example.com/2024/01/01/{GTIN}/10/01") == f"lgtin:{GTIN}:01"


# --- escaping ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "escaped, serial",
    [
        ("A%2FB", "A/B"),
        ("100%25", "100%"),
        ("a%26b%3Fc", "a&b?c"),
        ("%3Cx%3E%22", '<x>"'),
        ("a%2fb", "a/b"),  # lower-case hex accepted on input
        ("x.y:z;!'()*+,-=_", "x.y:z;!'()*+,-=_"),  # set-82 characters written as they are
    ],
)
def test_tds_escaping_of_serials(escaped, serial):
    c = canonical_id(f"urn:epc:id:sgtin:0614141.812345.{escaped}")
    assert c.serial == serial
    assert canonical_id(f"https://id.gs1.org/01/{GTIN}/21/{quote(serial, safe='')}") == c
    assert to_epc_urn(c) == f"urn:epc:id:sgtin:0614141.812345.{escaped.replace('%2f', '%2F')}"


def test_escaping_in_lots_and_extensions():
    c = canonical_id("urn:epc:class:lgtin:0614141.812345.2025%2F01%2601")
    assert c.lot == "2025/01&01"
    assert to_epc_urn(c) == "urn:epc:class:lgtin:0614141.812345.2025%2F01%2601"
    assert to_digital_link(c) == f"https://id.gs1.org/01/{GTIN}/10/2025%2F01%2601"
    assert canonical_id(to_digital_link(c, host="example.com")) == c
    sgln = canonical_id("urn:epc:id:sgln:0614141.12345.A%2F1")
    assert sgln.extension == "A/1" and sgln == canonical_id(f"https://x.cn/414/{GLN}/254/A%2F1")


def test_unescaped_special_character_in_urn_is_rejected():
    with pytest.raises(IdentifierError) as exc:
        canonical_id("urn:epc:id:sgtin:0614141.812345.A/B")
    assert "Malformed EPC URN" in str(exc.value) and "%2F" in str(exc.value)
    assert "EPC URN格式错误" in exc.value.message_zh


def test_characters_outside_gs1_set_are_rejected():
    with pytest.raises(IdentifierError) as exc:
        canonical_id(f"https://id.gs1.org/01/{GTIN}/10/%E6%89%B9%E6%AC%A1")
    assert "Character 1 of the batch/lot number is '批'" in str(exc.value)
    assert "批号第1位字符“批”" in exc.value.message_zh
    with pytest.raises(IdentifierError, match="at most 20"):
        canonical_id(f"https://id.gs1.org/01/{GTIN}/21/{'9' * 21}")


# --- GTIN lengths and check digits -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "gtin, gtin14",
    [
        ("96385074", "00000096385074"),  # GTIN-8
        ("036000291452", "00036000291452"),  # GTIN-12
        ("6901234567892", "06901234567892"),  # GTIN-13
        ("06901234567892", "06901234567892"),  # GTIN-14
    ],
)
def test_short_gtins_in_digital_link_are_normalised(gtin, gtin14):
    assert key(f"https://id.gs1.org/01/{gtin}/10/B1") == f"lgtin:{gtin14}:B1"
    assert key(f"https://id.gs1.org/01/{gtin}") == key(f"https://id.gs1.org/01/{gtin14}")


def test_bad_gtin_check_digit_rejected():
    uri = f"https://id.gs1.org/01/{GTIN[:-1]}9/21/1"
    with pytest.raises(IdentifierError) as exc:
        canonical_id(uri)
    assert str(exc.value) == (
        f"Invalid identifier '{uri}': GTIN 80614141123459 has check digit 9, but the GS1 check digit is 8."
    )
    assert exc.value.message_zh == f"标识符“{uri}”无效：商品条码（GTIN）80614141123459的校验位为9，按GS1规则应为8。"


@pytest.mark.parametrize(
    "uri, fragment_en, fragment_zh",
    [
        ("https://id.gs1.org/00/106141412345678909", "SSCC 106141412345678909 has check digit 9", "校验位为9"),
        (f"https://id.gs1.org/414/{GLN[:-1]}3", "GLN 0614141123453 has check digit 3", "应为2"),
        (f"https://id.gs1.org/417/{GLN[:-1]}3", "but the GS1 check digit is 2", "全球位置码"),
        (f"https://id.gs1.org/8003/0{GLN[:-1]}9X", "GRAI 0614141123459 has check digit 9", "可回收资产"),
        ("https://id.gs1.org/01/96385075", "but the GS1 check digit is 4", "商品条码"),
    ],
)
def test_bad_check_digits_rejected(uri, fragment_en, fragment_zh):
    with pytest.raises(IdentifierError) as exc:
        canonical_id(uri)
    assert fragment_en in str(exc.value)
    assert fragment_zh in exc.value.message_zh


@pytest.mark.parametrize(
    "uri, message",
    [
        ("urn:epc:id:sgtin:0614141.81234.1", r"together have 13 digits, got 7 \+ 5"),
        ("urn:epc:id:sgtin:06141.8123456.1", "6 to 12 digits, got 5"),
        ("urn:epc:id:sgtin:0614141.812345", "Malformed EPC URN"),
        ("urn:epc:id:sscc:0614141.123456789", "together have 17 digits"),
        ("urn:epc:id:sgln:0614141.12345", "Malformed EPC URN"),
        ("urn:epc:id:sgtin:0614141.812345.%FF", "does not decode"),
        ("urn:foodtrace:loc:X1", "platform location code"),
        ("https://example.com/t/T123", "platform lot code"),
        ("urn:foodtrace:party:uscc:123", "A USCC has 18 characters"),
    ],
)
def test_malformed_recognised_forms_raise(uri, message):
    with pytest.raises(IdentifierError, match=message) as exc:
        canonical_id(uri)
    assert exc.value.message_zh.startswith(f"标识符“{uri}”无效：")


def test_empty_and_non_string():
    with pytest.raises(IdentifierError) as exc:
        canonical_id("   ")
    assert exc.value.message_zh == "标识符为空。"
    with pytest.raises(TypeError):
        canonical_id(123)


# --- platform URIs -------------------------------------------------------------------------------------------


def test_platform_party_uris_in_both_forms_are_equal():
    forms = [
        f"urn:foodtrace:party:uscc:{USCC}",
        f"https://trace.example.cn/party/uscc/{USCC}",
        f"https://other-host.gov.cn/party/uscc/{USCC.lower()}/",
        party_uri(USCC),
        party_uri(USCC, host="trace.example.cn"),
    ]
    assert {key(u) for u in forms} == {f"uscc:{USCC}"}
    assert canonical_id(forms[0]).kind == "uscc_party" and canonical_id(forms[0]).value == USCC
    assert party_uri(USCC) == f"urn:foodtrace:party:uscc:{USCC}"
    assert party_uri(USCC, host="http://localhost:8000/") == f"http://localhost:8000/party/uscc/{USCC}"


def test_platform_location_uris_in_both_forms_are_equal():
    forms = [f"urn:foodtrace:loc:{LOC}", f"https://a.example/loc/{LOC}", f"https://b.example/loc/{LOC.lower()}"]
    assert {key(u) for u in forms} == {f"loc:{LOC}"}
    assert canonical_id(forms[0]).kind == "platform_location"
    assert location_uri(LOC) == forms[0]
    assert location_uri(LOC.lower(), host="a.example") == forms[1]
    assert key(location_uri(LOC, host="x.y")) == key(location_uri(LOC))


def test_platform_lot_uris_in_both_forms_are_equal():
    forms = [f"urn:foodtrace:lot:{LOT}", f"https://m.example.cn/t/{LOT}", platform_lot_uri(LOT, host="q.cn")]
    assert {key(u) for u in forms} == {f"plot:{LOT}"}
    assert canonical_id(forms[0]).kind == "platform_lot"
    assert platform_lot_uri(LOT) == forms[0] and forms[2] == f"https://q.cn/t/{LOT}"
    assert key(f"urn:foodtrace:lot:{LOT}") != key(f"urn:foodtrace:loc:{LOC}")


def test_platform_builders_validate():
    with pytest.raises(IdentifierError) as exc:
        platform_lot_uri("X1")
    assert "平台批次码" in exc.value.message_zh
    with pytest.raises(IdentifierError):
        location_uri("L43010-7F3A9C01")
    with pytest.raises(IdentifierError):
        party_uri("91430102")


def test_platform_kinds_have_no_gs1_spelling():
    for uri in (party_uri(USCC), location_uri(LOC), platform_lot_uri(LOT), "urn:uuid:0f8fad5b-d9cb-469f-a165"):
        with pytest.raises(IdentifierError, match="not a GS1 identifier"):
            to_epc_urn(uri)
        with pytest.raises(IdentifierError, match="not a GS1 identifier"):
            to_digital_link(uri)


# --- other -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "uri",
    [
        "urn:epc:id:gdti:0614141.12345.006847",  # an EPC scheme we do not model
        "urn:epc:idpat:sgtin:0614141.*.*",  # a pattern wider than one product
        "urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e",
        "https://example.com/products/01/Apple?x=1",
        f"https://id.gs1.org/01/{GTIN}/22/2A/10/L1",  # consumer product variant: not modelled
        "https://example.com/2024/01/page?x=1#y",
        "mailto:someone@example.com",
    ],
)
def test_other_uris_are_kept_verbatim(uri):
    c = canonical_id(uri)
    assert (c.kind, c.key, c.value) == ("other", f"other:{uri}", uri)
    assert canonical_from_key(c.key) == c


def test_other_uris_are_not_normalised():
    assert key("https://Example.com/a") != key("https://example.com/a")


# --- keys, caching, API odds and ends ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "uri",
    [
        SGTIN_URN,
        "urn:epc:class:lgtin:0614141.812345.A%2FB:C",
        "urn:epc:idpat:sgtin:0614141.812345.*",
        "urn:epc:id:sscc:0614141.1234567890",
        "urn:epc:id:sgln:0614141.12345.0",
        "urn:epc:id:sgln:0614141.12345.a:b",
        "urn:epc:id:pgln:0614141.12345",
        "urn:epc:id:grai:0614141.12345.400",
        f"https://id.gs1.org/8003/0{GLN}",
        "urn:epc:id:giai:0614141.12345400",
        party_uri(USCC),
        location_uri(LOC),
        platform_lot_uri(LOT),
    ],
)
def test_canonical_from_key_inverts_key(uri):
    c = canonical_id(uri)
    back = canonical_from_key(c.key)
    assert back == c and back.kind == c.kind and str(back) == c.key
    assert (back.gtin, back.serial, back.lot, back.gln, back.extension, back.value) == (
        c.gtin, c.serial, c.lot, c.gln, c.extension, c.value,
    )  # fmt: skip


def test_canonical_from_key_accepts_tds_style_no_extension_and_rejects_junk():
    assert canonical_from_key(f"sgln:{GLN}:0") == canonical_id(f"https://id.gs1.org/414/{GLN}")
    for junk in ("", "sgtin", "sgtin:123:4", "nope:x", f"gtin:{GTIN}:x"):
        with pytest.raises(IdentifierError):
            canonical_from_key(junk)


def test_canonical_id_is_frozen_cached_and_string_inputs_accepted_by_writers():
    c = canonical_id(SGTIN_URN)
    with pytest.raises(AttributeError):
        c.key = "x"  # type: ignore[misc]
    assert canonical_id(SGTIN_URN) is c
    assert canonical_id.cache_info().maxsize == 65536
    assert to_digital_link(SGTIN_URN) == to_digital_link(c)
    assert isinstance(c, CanonicalId)


def test_twelve_digit_company_prefix_leaves_the_reference_empty():
    assert key(f"urn:epc:id:sgln:{GLN[:12]}..0") == key(f"https://id.gs1.org/414/{GLN}")
    assert key(f"urn:epc:id:pgln:{GLN[:12]}.") == f"pgln:{GLN}"
    assert to_epc_urn(f"https://id.gs1.org/8003/0{GLN}7", company_prefix_length=12) == f"urn:epc:id:grai:{GLN[:12]}..7"


def test_company_prefix_length_is_validated():
    for bad in (5, 13, True, "7"):
        with pytest.raises(IdentifierError, match="6 to 12"):
            to_epc_urn(SGTIN_URN, company_prefix_length=bad)
    assert to_epc_urn(SGTIN_URN, company_prefix_length=9) == "urn:epc:id:sgtin:061414112.8345.6789"
    assert key("urn:epc:id:sgtin:061414112.8345.6789") == key(SGTIN_URN)


# --- property-based round trips ------------------------------------------------------------------------------

CS82 = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
TDS_ESCAPES = {'"': "%22", "%": "%25", "&": "%26", "/": "%2F", "<": "%3C", ">": "%3E", "?": "%3F"}

digits = st.text(alphabet="0123456789", min_size=1, max_size=1)
prefix_lengths = st.integers(min_value=6, max_value=12)
serials = st.text(alphabet=CS82, min_size=1, max_size=20)
escape_heavy = st.text(alphabet='"%&/<>?aZ9.', min_size=1, max_size=20)
values20 = st.one_of(serials, escape_heavy)


def with_check(data: str) -> str:
    return data + gtin_check_digit(data)


gtins = st.text(alphabet="0123456789", min_size=13, max_size=13).map(with_check)
glns = st.text(alphabet="0123456789", min_size=12, max_size=12).map(with_check)
ssccs = st.text(alphabet="0123456789", min_size=17, max_size=17).map(with_check)


def tds_escape(value: str) -> str:
    return "".join(TDS_ESCAPES.get(ch, ch) for ch in value)


@given(gtins, prefix_lengths, values20)
def test_sgtin_round_trips(gtin, n, serial):
    urn = f"urn:epc:id:sgtin:{gtin[1:1 + n]}.{gtin[0]}{gtin[1 + n:13]}.{tds_escape(serial)}"  # fmt: skip
    dl = f"https://id.gs1.org/01/{gtin}/21/{quote(serial, safe='')}"
    c = canonical_id(urn)
    assert (c.kind, c.gtin, c.serial) == ("sgtin", gtin, serial)
    assert to_epc_urn(c, company_prefix_length=n) == urn
    assert canonical_id(dl) == c
    assert to_digital_link(canonical_id(dl)) == dl


@given(gtins, prefix_lengths, values20)
def test_lgtin_round_trips(gtin, n, lot):
    urn = f"urn:epc:class:lgtin:{gtin[1:1 + n]}.{gtin[0]}{gtin[1 + n:13]}.{tds_escape(lot)}"  # fmt: skip
    dl = f"https://id.gs1.org/01/{gtin}/10/{quote(lot, safe='')}"
    c = canonical_id(urn)
    assert c.key == f"lgtin:{gtin}:{lot}"
    assert to_epc_urn(c, company_prefix_length=n) == urn
    assert canonical_id(dl) == c == canonical_id(to_digital_link(c, host="https://trace.example.cn"))
    assert to_digital_link(canonical_id(dl)) == dl


@given(gtins, prefix_lengths)
def test_gtin_class_round_trips(gtin, n):
    urn = f"urn:epc:idpat:sgtin:{gtin[1:1 + n]}.{gtin[0]}{gtin[1 + n:13]}.*"  # fmt: skip
    c = canonical_id(urn)
    assert c.key == f"gtin:{gtin}"
    assert to_epc_urn(c, company_prefix_length=n) == urn
    assert to_digital_link(c) == f"https://id.gs1.org/01/{gtin}"
    assert canonical_id(to_digital_link(c)) == c


@given(ssccs, prefix_lengths)
def test_sscc_round_trips(sscc, n):
    urn = f"urn:epc:id:sscc:{sscc[1:1 + n]}.{sscc[0]}{sscc[1 + n:17]}"  # fmt: skip
    c = canonical_id(urn)
    assert c.key == f"sscc:{sscc}"
    assert to_epc_urn(c, company_prefix_length=n) == urn
    dl = f"https://id.gs1.org/00/{sscc}"
    assert canonical_id(dl) == c and to_digital_link(c) == dl


@given(glns, prefix_lengths, st.one_of(st.just("0"), values20))
def test_sgln_round_trips(gln, n, ext):
    urn = f"urn:epc:id:sgln:{gln[:n]}.{gln[n:12]}.{tds_escape(ext)}"
    c = canonical_id(urn)
    assert to_epc_urn(c, company_prefix_length=n) == urn
    dl = f"https://id.gs1.org/414/{gln}" + ("" if ext == "0" else f"/254/{quote(ext, safe='')}")
    assert canonical_id(dl) == c
    assert to_digital_link(canonical_id(dl)) == dl
    assert c.key == (f"sgln:{gln}" if ext == "0" else f"sgln:{gln}:{ext}")


@given(glns, prefix_lengths)
def test_pgln_round_trips(gln, n):
    urn = f"urn:epc:id:pgln:{gln[:n]}.{gln[n:12]}"
    c = canonical_id(urn)
    assert c.key == f"pgln:{gln}" and to_epc_urn(c, company_prefix_length=n) == urn
    dl = f"https://id.gs1.org/417/{gln}"
    assert canonical_id(dl) == c and to_digital_link(c) == dl


@given(glns, prefix_lengths, st.text(alphabet=CS82, min_size=1, max_size=16))
def test_grai_round_trips(grai, n, serial):
    urn = f"urn:epc:id:grai:{grai[:n]}.{grai[n:12]}.{tds_escape(serial)}"
    c = canonical_id(urn)
    assert c.key == f"grai:{grai}:{serial}" and to_epc_urn(c, company_prefix_length=n) == urn
    dl = f"https://id.gs1.org/8003/0{grai}{quote(serial, safe='')}"
    assert canonical_id(dl) == c and to_digital_link(c) == dl


@given(
    prefix_lengths.flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.text("0123456789", min_size=n, max_size=n),
            st.text(alphabet=CS82, min_size=1, max_size=30 - n),
        )
    )
)
def test_giai_round_trips(args):
    n, cp, ref = args
    urn = f"urn:epc:id:giai:{cp}.{tds_escape(ref)}"
    c = canonical_id(urn)
    assert c.key == f"giai:{cp}{ref}" and to_epc_urn(c, company_prefix_length=n) == urn
    dl = f"https://id.gs1.org/8004/{quote(cp + ref, safe='')}"
    assert canonical_id(dl) == c and to_digital_link(c) == dl


@given(st.text(alphabet="0123456789", min_size=1, max_size=17))
def test_fast_check_digit_matches_gtin_check_digit(data):
    assert _check_digit(data) == gtin_check_digit(data)


@given(gtins, st.sampled_from(["https://id.gs1.org", "https://a.example.cn/x/y", "http://localhost:8000"]), values20)
def test_digital_link_host_and_path_prefix_do_not_matter(gtin, origin, lot):
    assert key(f"{origin}/01/{gtin}/10/{quote(lot, safe='')}") == f"lgtin:{gtin}:{lot}"
