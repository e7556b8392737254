"""The one writer of CSV and .xlsx files: text a spreadsheet would run as a formula is written inert."""

import csv
import io
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from foodtrace import sheets

DANGEROUS = ["=1+1", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_text_starting_like_a_formula_gets_an_apostrophe(text):
    assert sheets.neutralise(text) == "'" + text


def test_everything_else_is_left_alone():
    for value in ("芙蓉区", "a=b", "1-2", "", None, -5, 2.5, date(2026, 3, 1), "'quoted"):
        assert sheets.neutralise(value) == value


def test_csv_cells_are_neutralised_and_excel_readable():
    content = sheets.csv_bytes([["名称", "数量"], ["=HYPERLINK(\"http://x\")", -5], ["-5", date(2026, 3, 1)]])
    assert content.startswith(b"\xef\xbb\xbf") and b"\r\n" in content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows == [["名称", "数量"], ["'=HYPERLINK(\"http://x\")", "-5"], ["'-5", "2026-03-01"]]


def test_xlsx_text_cells_are_strings_never_formulas():
    content = sheets.table_xlsx("表", ["名称", "日期"], [["=1+1", date(2026, 3, 1)], ["+2", None]],
                                number_formats={2: "yyyy-mm-dd"}, extra_sheets=[("About", [["@x", "y"]])])
    workbook = load_workbook(io.BytesIO(content))
    cells = [c for ws in workbook.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert {c.data_type for c in cells} <= {"s", "d", "n"}
    assert [c.value for c in workbook["表"]["A"]] == ["名称", "'=1+1", "'+2"]
    assert workbook["About"]["A1"].value == "'@x"


def test_append_row_on_an_ordinary_worksheet():
    workbook = Workbook()
    sheets.append_row(workbook.active, ["=cmd", "ok", 3])
    cell = workbook.active["A1"]
    assert (cell.value, cell.data_type) == ("'=cmd", "s")
