"""The engine as a new kind of file would use it: declare columns, offer a template, read a file in any of the
encodings and header spellings people send, check rows by declared type, all or nothing."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from foodtrace import sheets
from tests.sheets.workbooks import ordinary

SAMPLE = sheets.Sheet("samples", "Lab samples", (
    sheets.Column("code", "样品编号", "sample_code", required=True, text=True, example="YP-2026-001",
                  help="Sample code on the label."),
    sheets.Column("taken", "抽样日期", "sampled_on", required=True, parse=sheets.parse_date_cell,
                  example="2026-03-01"),
    sheets.Column("weight", "重量(千克)", "weight_kg", parse=sheets.parse_decimal_cell, example=1.5),
    sheets.Column("count", "件数", "pieces", parse=sheets.parse_integer),
), max_rows=100)


def load(content: bytes, filename: str):
    report = sheets.SheetReport("samples")
    loaded = sheets.load(SAMPLE, filename, content, report)
    return loaded, report


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_utf8_with_or_without_bom_or_gb18030(encoding):
    content = "样品编号*,抽样日期*,重量(千克),件数\r\n芙蓉-001,2026年3月1日,\"1,250.5\",3\r\n".encode(encoding)
    loaded, report = load(content, "samples.csv")
    assert report.ok, report.errors
    [row] = loaded.rows
    assert (row.value("code"), row.value("taken"), row.value("weight"), row.value("count")) == (
        "芙蓉-001", date(2026, 3, 1), Decimal("1250.5"), 3)


def test_headers_match_in_chinese_or_english_whatever_the_spacing_case_or_width():
    # Full-width letters and digits, as a Chinese input method types them; spaces; no star; English any case.
    headers = ["ＳＡＭＰＬＥ_ＣＯＤＥ", " 抽样 日期 ", "WEIGHT_KG", "件数*"]
    loaded, report = load(ordinary([headers, ["A-1", date(2026, 3, 2), 2, 4]]), "s.xlsx")
    assert report.ok, report.errors
    assert loaded.rows[0].values == {"code": "A-1", "taken": loaded.rows[0].raw("taken"), "weight": 2, "count": 4}


def test_problems_name_row_and_column_in_both_languages():
    content = ordinary([["样品编号", "抽样日期", "重量(千克)", "件数"],
                        ["A-1", "soon", "heavy", 2.5],
                        [None, "2026-03-01", 1, 1]])
    loaded, report = load(content, "s.xlsx")
    for row in loaded.rows:
        for key in ("code", "taken", "weight", "count"):
            row.value(key)
    report.sort_errors(loaded.table.headers)
    assert [(e.row, e.column) for e in report.errors] == [(2, "抽样日期"), (2, "重量(千克)"), (2, "件数"),
                                                         (3, "样品编号")]
    assert report.errors[0].message_en.startswith("“soon” is not a date")
    assert report.errors[2].message_zh == "“2.5”不是整数。"


def test_header_problems_are_reported_on_row_1():
    loaded, report = load("样品编号,Sample Code,备注\r\nA,x,y\r\n".encode(), "s.csv")
    assert loaded is None
    problems = {(e.row, e.column): e for e in report.errors}
    assert set(problems) == {(1, "Sample Code"), (1, "备注"), (1, "抽样日期")}
    assert "appears more than once" in problems[1, "Sample Code"].message_en
    assert "无法识别的列“备注”" in problems[1, "备注"].message_zh
    # A report speaks the language of the person it was made for, whatever is active when it is read.
    with translation.override("en"):
        assert problems[1, "抽样日期"].message == "缺少必填列“抽样日期*”。"


def test_xlsx_template_has_the_headers_an_instructions_sheet_and_an_example(db):
    download = sheets.template_download(SAMPLE, "xlsx", "samples-template")
    assert download.content_type == sheets.XLSX_CONTENT_TYPE
    assert download.headers["Content-Disposition"] == 'attachment; filename="samples-template.xlsx"'
    workbook = load_workbook(io.BytesIO(download.content))
    assert [c.value for c in workbook.worksheets[0][1]] == ["样品编号*", "抽样日期*", "重量(千克)", "件数"]
    notes = [[c for c in row if c is not None] for row in workbook["说明"].iter_rows(values_only=True)]
    assert notes[1][:3] == ["样品编号*", "sample_code", "是 yes"] and "Sample code on the label." in notes[1]
    example = notes[notes.index(["样品编号*", "抽样日期*", "重量(千克)", "件数"]) + 1]
    assert example == ["YP-2026-001", "2026-03-01", 1.5]
    # The template reads back as a file with headers and no data rows.
    loaded, report = load(download.content, "t.xlsx")
    assert loaded is None and "no data rows" in report.errors[0].message_en


def test_csv_template_is_the_header_row_with_a_bom():
    download = sheets.template_download(SAMPLE, "csv", "samples-template")
    assert download.content == "\ufeff样品编号*,抽样日期*,重量(千克),件数\r\n".encode()
    assert sheets.template_download(SAMPLE, "pdf", "x") is None
