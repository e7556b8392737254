import copy

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from foodtrace.identifiers import (
    USCC_CHARSET,
    IdentifierError,
    make_uscc,
    parse_uscc,
    uscc_check_char,
)

# Written out independently of the module: GB 32100-2015 Tables 1 and 2.
CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def reference_check(first17):
    total = sum(CHARS.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    value = 31 - total % 31
    return CHARS[0 if value == 31 else value]


def test_charset_is_the_31_standard_characters():
    assert USCC_CHARSET == CHARS
    assert len(set(USCC_CHARSET)) == 31
    assert not set("IOSVZ") & set(USCC_CHARSET)


def test_worked_example_from_the_standard():
    # 9*1 + 1*3 + 3*9 + 5*27 + 0 + 1*26 + 0 + 0 + M(21)*20 + 0 + 0 + 0 + 1*8 + 0 + 0 + Y(30)*30 + 4*28
    # = 1640; 1640 mod 31 = 28; 31 - 28 = 3.
    assert 9 + 3 + 27 + 135 + 26 + 420 + 8 + 900 + 112 == 1640
    assert uscc_check_char("91350100M000100Y4") == "3"
    assert parse_uscc("91350100M000100Y43").check_ok


def test_hand_computed_changsha_code():
    # 9,1,4,3,0,1,0,2,M=21,A=10,4,L=20,1,2,3,4,5 times the weights:
    # 9+3+36+81+0+26+0+34+420+290+100+260+8+48+30+120+140 = 1605 = 51*31 + 24 -> 31-24 = 7.
    assert 9 + 3 + 36 + 81 + 26 + 34 + 420 + 290 + 100 + 260 + 8 + 48 + 30 + 120 + 140 == 1605
    assert 1605 % 31 == 24
    info = parse_uscc("91430102MA4L123457")
    assert info.code == "91430102MA4L123457"
    assert info.division_code == "430102"
    assert info.check_ok
    assert info.expected_check == "7"
    assert make_uscc("430102", "MA4L12345") == "91430102MA4L123457"


def test_check_value_31_maps_to_zero():
    assert reference_check("91430102MA4L00016") == "0"
    assert uscc_check_char("91430102MA4L00016") == "0"


def test_publicly_registered_code_passes():
    # Shenzhen enterprise code as printed on its public business licence.
    info = parse_uscc("914403001922038216")
    assert info.check_ok
    assert info.division_code == "440300"


def test_normalises_case_whitespace_and_full_width():
    assert parse_uscc("  91430102ma4l123457\n").code == "91430102MA4L123457"
    assert parse_uscc("９１４３０１０２ＭＡ４Ｌ１２３４５７").code == "91430102MA4L123457"


def test_wrong_check_character_is_flagged_not_raised():
    info = parse_uscc("91430102MA4L123458")
    assert not info.check_ok
    assert info.expected_check == "7"


@pytest.mark.parametrize("code, length", [("91430102MA4L12345", 17), ("91430102MA4L1234570", 19)])
def test_wrong_length_raises(code, length):
    with pytest.raises(IdentifierError) as exc:
        parse_uscc(code)
    assert str(exc.value) == f"A USCC has 18 characters, got {length}."
    assert f"实际为{length}位" in exc.value.message_zh


def test_empty_raises():
    with pytest.raises(IdentifierError, match="empty"):
        parse_uscc("   ")


@pytest.mark.parametrize("bad", ["I", "O", "S", "V", "Z", "-", " "])
def test_character_outside_set_names_position_and_character(bad):
    code = "91430102" + bad + "A4L123457"
    with pytest.raises(IdentifierError) as exc:
        parse_uscc(code)
    assert f"character 9 is {bad!r}" in str(exc.value)
    assert f"第9位字符“{bad}”" in exc.value.message_zh


def test_check_char_requires_17_characters():
    with pytest.raises(IdentifierError, match="first 17 characters"):
        uscc_check_char("9143")


@pytest.mark.parametrize(
    "kwargs, fragment",
    [
        ({"division_code": "43010A", "body": "MA4L12345"}, "division code must be 6 digits"),
        ({"division_code": "430102", "body": "MA4L1234"}, "must be 9 characters, got 8"),
        ({"division_code": "430102", "body": "MA4L1234O"}, "character 17 is 'O'"),
        ({"division_code": "430102", "body": "MA4L12345", "authority": "Z"}, "registration authority"),
        ({"division_code": "430102", "body": "MA4L12345", "org_type": "12"}, "organisation type"),
    ],
)
def test_make_uscc_rejects_bad_parts(kwargs, fragment):
    with pytest.raises(IdentifierError, match=fragment):
        make_uscc(**kwargs)


def test_error_is_bilingual_value_error_and_survives_copying():
    with pytest.raises(ValueError) as exc:
        parse_uscc("X")
    err = exc.value
    assert isinstance(err, IdentifierError)
    assert str(err) == err.message_en
    assert "统一社会信用代码" in err.message_zh
    # deepcopy goes through __reduce__, the same path pickle uses.
    clone = copy.deepcopy(err)
    assert (clone.message_en, clone.message_zh) == (err.message_en, err.message_zh)


uscc_chars = st.sampled_from(USCC_CHARSET)
divisions = st.text("0123456789", min_size=6, max_size=6)
bodies = st.text(uscc_chars, min_size=9, max_size=9)


@given(first17=st.text(uscc_chars, min_size=17, max_size=17))
def test_check_char_matches_reference(first17):
    assert uscc_check_char(first17) == reference_check(first17)


@given(divisions, bodies, uscc_chars, uscc_chars)
def test_make_uscc_always_valid(division, body, authority, org_type):
    code = make_uscc(division, body, authority=authority, org_type=org_type)
    info = parse_uscc(code)
    assert info.check_ok
    assert info.code == code
    assert info.division_code == division


@given(divisions, bodies, st.integers(0, 17), st.sampled_from(USCC_CHARSET + "IOSVZ-_ #"))
def test_any_single_change_is_detected(division, body, position, replacement):
    code = make_uscc(division, body)
    assume(code[position] != replacement)
    changed = code[:position] + replacement + code[position + 1 :]
    try:
        info = parse_uscc(changed)
    except IdentifierError:
        return
    assert not info.check_ok
