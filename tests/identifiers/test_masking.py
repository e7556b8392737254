import pytest
from hypothesis import given
from hypothesis import strategies as st

from foodtrace.identifiers import mask_id, mask_name, mask_phone


@pytest.mark.parametrize(
    "name, masked",
    [
        ("张三丰", "张**"),
        ("张三", "张*"),
        ("李", "李"),
        ("Li", "L*"),
        ("", ""),
        (None, ""),
        (" 王五 ", "王*"),
    ],
)
def test_mask_name(name, masked):
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    "phone, masked",
    [
        ("13812345678", "138****5678"),
        ("138 1234 5678", "138****5678"),
        ("+8613812345678", "+86138****5678"),
        ("0086-138-1234-5678", "0086138****5678"),
        ("073188889999", "**********99"),  # landline: 12 digits
        ("0731-8888999", "*********99"),
        ("23812345678", "*********78"),  # 11 digits but not a mobile number
        ("12", "**"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked


@pytest.mark.parametrize(
    "value, masked",
    [
        ("430102199001011234", "4301**********1234"),
        ("43010219900101123X", "4301**********123X"),
        ("123456789", "1234*6789"),
        ("12345678", "********"),
        ("abc", "***"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_id(value, masked):
    assert mask_id(value) == masked


@given(st.text("0123456789", min_size=11, max_size=11).map(lambda s: "1" + s[1:]))
def test_mobile_mask_keeps_length_and_hides_middle(phone):
    masked = mask_phone(phone)
    assert len(masked) == 11
    assert masked[3:7] == "****"
    assert masked[:3] + masked[7:] == phone[:3] + phone[7:]


@given(st.text(min_size=1).map(str.strip).filter(bool))
def test_masks_never_reveal_more_than_allowed(value):
    assert len(mask_name(value)) == len(value)
    assert mask_name(value)[0] == value[0]
    masked = mask_id(value)
    assert len(masked) == len(value)
    assert sum(ch != "*" for ch in masked) <= 8
