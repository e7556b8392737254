import pytest
from hypothesis import given
from hypothesis import strategies as st

from foodtrace.identifiers import (
    IdentifierError,
    LicenceNumber,
    licence_area_matches,
    make_licence_number,
    parse_licence_number,
)


def test_parse_sc():
    lic = parse_licence_number("SC10643010200153")
    assert lic == LicenceNumber(
        number="SC10643010200153",
        kind="SC",
        area_code="430102",
        sequence="0015",
        check_digit="3",
        category_code="106",
    )
    assert lic.business_type is None


@pytest.mark.parametrize(
    "digit, label_zh, label_en",
    [
        (1, "食品销售经营者", "food sales"),
        (2, "餐饮服务经营者", "catering service"),
        (3, "单位食堂", "unit canteen"),
    ],
)
def test_parse_jy_business_types(digit, label_zh, label_en):
    lic = parse_licence_number(f"JY{digit}4301020000013")
    assert lic.kind == "JY"
    assert lic.business_type == digit
    assert lic.business_type_label == label_zh
    assert lic.business_type_label_en == label_en
    assert lic.area_code == "430102"
    assert lic.sequence == "000001"
    assert lic.check_digit == "3"
    assert lic.category_code is None


def test_normalises_case_whitespace_and_full_width():
    assert parse_licence_number("  sc10643010200153 ").number == "SC10643010200153"
    assert parse_licence_number("ＪＹ２４３０１０２０００００１３").number == "JY24301020000013"


def test_check_digit_is_not_verified():
    # Any final digit is accepted: the official algorithm is unpublished.
    for last in "0123456789":
        assert parse_licence_number("SC1064301020015" + last).check_digit == last


@pytest.mark.parametrize(
    "number, en, zh",
    [
        ("", "The licence number is empty.", "许可证编号为空。"),
        ("QS4301020001", "starts with SC (food production) or JY (food business), got 'QS'", "实际为“QS”"),
        (
            "SC1064301020015",
            "14 digits after 'SC', got 13",
            "食品生产许可证编号在“SC”后应有14位数字，实际为13位",
        ),
        (
            "JY243010200000131",
            "14 digits after 'JY', got 15",
            "食品经营许可证编号在“JY”后应有14位数字，实际为15位",
        ),
        ("SC10643O10200153", "Character 8 of the SC licence number is 'O'", "第8位字符“O”不是数字"),
        ("JY2430102000001-", "Character 16 of the JY licence number is '-'", "第16位字符“-”不是数字"),
        ("JY44301020000013", "must be 1 (food sales), 2 (catering) or 3 (unit canteen), got 4", "实际为4"),
        ("JY04301020000013", "got 0", "主体业态代码"),
    ],
)
def test_errors_are_precise_and_bilingual(number, en, zh):
    with pytest.raises(IdentifierError) as exc:
        parse_licence_number(number)
    assert en in str(exc.value)
    assert zh in exc.value.message_zh


def test_area_matches_exactly():
    assert licence_area_matches("SC10643010200153", "430102")
    assert licence_area_matches(parse_licence_number("JY34301020000013"), "430102")
    assert not licence_area_matches("SC10643010200153", "430100")  # city code is not a prefix match
    assert not licence_area_matches("SC10643010200153", "430103")


@pytest.mark.parametrize("district", ["4301", "43010a", "４３０１０２"])
def test_area_match_rejects_malformed_district(district):
    with pytest.raises(IdentifierError, match="district code must be 6 digits"):
        licence_area_matches("SC10643010200153", district)


def test_area_match_parses_strings():
    with pytest.raises(IdentifierError, match="got 'XX'"):
        licence_area_matches("XX123", "430102")


def test_make_uses_placeholder_digit_sum():
    # 1+0+6 + 4+3+0+1+0+2 + 0+0+1+5 = 23 -> 3; with category 001: 17 -> 7
    assert make_licence_number("SC", "430102", 15, "106") == "SC10643010200153"
    assert make_licence_number("sc", "430102", 15, 106) == "SC10643010200153"
    assert make_licence_number("SC", "430102", 15, 1) == "SC00143010200157"
    # 2 + 4+3+0+1+0+2 + 0+0+0+0+0+1 = 13 -> 3
    assert make_licence_number("JY", "430102", 1, 2) == "JY24301020000013"
    assert make_licence_number("JY", "430102", 1, "2") == "JY24301020000013"


@pytest.mark.parametrize(
    "args, fragment",
    [
        (("XK", "430102", 1, 1), "kind must be 'SC' or 'JY'"),
        (("SC", "43010", 1, "106"), "area code must be 6 digits"),
        (("SC", "430102", 10000, "106"), "between 0 and 9999, got 10000"),
        (("JY", "430102", -1, 1), "between 0 and 999999, got -1"),
        (("SC", "430102", 1, "10a"), "food category code must be 3 digits"),
        (("JY", "430102", 1, 4), "business type must be 1, 2 or 3, got 4"),
    ],
)
def test_make_rejects_bad_arguments(args, fragment):
    with pytest.raises(IdentifierError, match=fragment):
        make_licence_number(*args)


areas = st.text("0123456789", min_size=6, max_size=6)


@given(areas, st.integers(0, 9999), st.integers(0, 999))
def test_make_sc_round_trips(area, sequence, category):
    lic = parse_licence_number(make_licence_number("SC", area, sequence, category))
    assert (lic.kind, lic.area_code, int(lic.sequence), int(lic.category_code)) == (
        "SC",
        area,
        sequence,
        category,
    )
    assert licence_area_matches(lic, area)


@given(areas, st.integers(0, 999999), st.integers(1, 3))
def test_make_jy_round_trips(area, sequence, business_type):
    lic = parse_licence_number(make_licence_number("JY", area, sequence, business_type))
    assert (lic.kind, lic.area_code, int(lic.sequence), lic.business_type) == (
        "JY",
        area,
        sequence,
        business_type,
    )
