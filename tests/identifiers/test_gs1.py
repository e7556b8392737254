import pytest
from biip.checksums import gs1_standard_check_digit
from biip.gtin import Gtin
from hypothesis import given
from hypothesis import strategies as st

from foodtrace.identifiers import (
    IdentifierError,
    gtin_check_digit,
    make_gtin13,
    normalise_gtin,
    validate_gln,
)


@pytest.mark.parametrize(
    "value, gtin14",
    [
        ("96385074", "00000096385074"),  # GTIN-8
        ("036000291452", "00036000291452"),  # GTIN-12 (UPC-A)
        ("4006381333931", "04006381333931"),  # GTIN-13
        ("6900000123454", "06900000123454"),  # GTIN-13, GS1 China range
        ("10614141000415", "10614141000415"),  # GTIN-14 with packaging indicator 1
        ("00036000291452", "00036000291452"),  # already padded
        (" 4006381333931\n", "04006381333931"),
        ("４００６３８１３３３９３１", "04006381333931"),  # full-width digits
    ],
)
def test_normalise_gtin(value, gtin14):
    assert normalise_gtin(value) == gtin14


def test_bad_check_digit_names_expected_digit():
    with pytest.raises(IdentifierError) as exc:
        normalise_gtin("4006381333932")
    assert str(exc.value) == "GTIN 4006381333932 has check digit 2, but the GS1 check digit is 1."
    assert "应为1" in exc.value.message_zh


@pytest.mark.parametrize(
    "value, length", [("9638507", 7), ("963850740", 9), ("40063813339", 11), ("1" * 15, 15)]
)
def test_bad_length(value, length):
    with pytest.raises(IdentifierError, match=f"8, 12, 13 or 14 digits, got {length}"):
        normalise_gtin(value)


@pytest.mark.parametrize(
    "value, position", [("40063813339A1", 12), ("4006-381333931", 5), ("٤٠٠٦٣٨١٣٣٣٩٣١", 1)]
)
def test_non_digits(value, position):
    with pytest.raises(IdentifierError, match=f"Character {position} of the GTIN"):
        normalise_gtin(value)


def test_empty():
    with pytest.raises(IdentifierError, match="The GTIN is empty"):
        normalise_gtin("  ")


@pytest.mark.parametrize("data, check", [("400638133393", "1"), ("629104150021", "3"), ("9638507", "4")])
def test_check_digit_known_values(data, check):
    assert gtin_check_digit(data) == check


@pytest.mark.parametrize("data", ["1" * 18, "12a4"])
def test_check_digit_rejects_bad_input(data):
    with pytest.raises(IdentifierError):
        gtin_check_digit(data)


@given(st.text("0123456789", min_size=1, max_size=17))
def test_check_digit_agrees_with_biip(data):
    assert gtin_check_digit(data) == str(gs1_standard_check_digit(data))


def test_make_gtin13():
    assert make_gtin13("69", 12345) == "6900000123454"
    assert Gtin.parse(make_gtin13("690123", 7)).as_gtin_13() == make_gtin13("690123", 7)


@pytest.mark.parametrize("prefix, item_ref", [("69", 10**10), ("69", -1), ("690123456789", 0), ("6x", 1)])
def test_make_gtin13_rejects(prefix, item_ref):
    with pytest.raises(IdentifierError):
        make_gtin13(prefix, item_ref)


@given(st.text("0123456789", min_size=1, max_size=11), st.integers(min_value=0, max_value=9))
def test_make_gtin13_is_valid(prefix, item_ref):
    code = make_gtin13(prefix, item_ref)
    assert len(code) == 13
    assert code.startswith(prefix)
    assert normalise_gtin(code) == "0" + code


def test_validate_gln():
    assert validate_gln(" 0614141000005 ") == "0614141000005"
    assert validate_gln("6901234000009") == "6901234000009"


@pytest.mark.parametrize(
    "value, fragment",
    [
        ("0614141000006", "GLN 0614141000006 has check digit 6, but the GS1 check digit is 5."),
        ("061414100000", "A GLN has 13 digits, got 12."),
        ("06141410000O5", "Character 12 of the GLN is 'O'"),
    ],
)
def test_validate_gln_errors(value, fragment):
    with pytest.raises(IdentifierError) as exc:
        validate_gln(value)
    assert fragment in str(exc.value)
    assert "全球位置码（GLN）" in exc.value.message_zh
