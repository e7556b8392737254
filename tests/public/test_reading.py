"""What people type or scan → the code (no database)."""

import pytest

from foodtrace.public.reading import Unreadable, page_path, read_code

GTIN = "06901234567892"


@pytest.mark.parametrize(("typed", "key", "path"), [
    ("TD0000000000MKT1", "plot:TD0000000000MKT1", "/t/TD0000000000MKT1"),
    ("td0000000000mkt1", "plot:TD0000000000MKT1", "/t/TD0000000000MKT1"),
    ("ＴＤ" + "０" * 10 + "ＭＫＴ１", "plot:TD0000000000MKT1", "/t/TD0000000000MKT1"),  # full-width (Chinese IME)
    ("https://trace.changsha.gov.cn/t/TD0000000000MKT1", "plot:TD0000000000MKT1", "/t/TD0000000000MKT1"),
    (f"https://id.gs1.org/01/{GTIN}/10/A%2FB", f"lgtin:{GTIN}:A/B", f"/01/{GTIN}/10/A%2FB"),
    (f"(01){GTIN}(10)L20261120", f"lgtin:{GTIN}:L20261120", f"/01/{GTIN}/10/L20261120"),
    (f"]d201{GTIN}10ABC\x1d21S9", f"sgtin:{GTIN}:S9", f"/01/{GTIN}/21/S9"),  # GS1 DataMatrix as a scanner sends it
    (f"01{GTIN}21SN1", f"sgtin:{GTIN}:SN1", f"/01/{GTIN}/21/SN1"),
    ("6901234567892", f"gtin:{GTIN}", f"/01/{GTIN}"),  # EAN-13 off the package
    ("urn:epc:class:lgtin:6901234.056789.L1", f"lgtin:{GTIN}:L1", f"/01/{GTIN}/10/L1"),
    ("\u200bTD0000000000MKT1\n", "plot:TD0000000000MKT1", "/t/TD0000000000MKT1"),
])
def test_spellings(typed, key, path):
    cid = read_code(typed)
    assert (cid.key, page_path(cid)) == (key, path)


def test_gtin_and_lot_fields():
    assert read_code(gtin="6901234567892", lot="L1").key == f"lgtin:{GTIN}:L1"
    assert read_code(gtin=GTIN, serial="S1").key == f"sgtin:{GTIN}:S1"
    assert read_code(gtin=GTIN).key == f"gtin:{GTIN}"


@pytest.mark.parametrize("typed", ["", "T123", "hello", "06901234567891", "urn:epc:id:sscc:0614141.1234567890",
                                   "https://example.com/about"])
def test_unreadable(typed):
    with pytest.raises(Unreadable):
        read_code(typed)
