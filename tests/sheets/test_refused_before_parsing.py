"""Files out of proportion are refused before openpyxl parses them: by the zip's declared sizes, its
compression ratio, or a count of rows and cells — with a message saying which, and nothing written."""

import time

import pytest
from django.utils import translation

from foodtrace import sheets
from foodtrace.registry import imports
from foodtrace.registry.models import Business
from tests.conftest import make_user
from tests.sheets import workbooks

HEADERS = ["统一社会信用代码*", "名称*", "类型*", "所属区县*"]
SHEET = sheets.Sheet("test", "test", tuple(sheets.Column(f"c{i}", h.rstrip("*")) for i, h in enumerate(HEADERS)),
                     max_rows=1000)


def refusal(content: bytes, filename="b.xlsx", max_rows=1000) -> str:
    started = time.monotonic()
    with translation.override("en"), pytest.raises(sheets.FileProblem) as raised:
        sheets.read_table(filename, content, max_rows, max_cells=SHEET.max_cells(sheets.current_limits()))
    # Generous: the point is that nothing is parsed (parsing these would take minutes), not a benchmark.
    assert time.monotonic() - started < 5
    return raised.value.msg.render("en")


def test_a_zip_bomb_is_refused_by_its_declared_size(db):
    content = workbooks.bomb(HEADERS, unpacked=80 * 1024 * 1024)
    assert len(content) < 200 * 1024  # 80 MB of sheet in well under 200 kB
    message = refusal(content)
    assert "unpacks to 80 MB, more than the 64 MB allowed" in message


def test_a_part_compressed_like_a_bomb_is_refused_although_its_size_is_allowed(db):
    message = refusal(workbooks.bomb(HEADERS, unpacked=20 * 1024 * 1024))
    assert "compressed" in message and "at most 100" in message


def test_the_unpacked_limit_is_a_setting(settings):
    settings.SHEETS_MAX_UNPACKED_BYTES = 1024 * 1024
    message = refusal(workbooks.ordinary([HEADERS] + [["x" * 50] * 4] * 10_000))
    assert "more than the 1 MB allowed" in message


def test_rows_far_beyond_the_limit_are_counted_not_parsed(db):
    message = refusal(workbooks.empty_rows(HEADERS, 50_000))
    assert "50,001 rows, far more than the 1,000 data rows" in message


def test_cells_far_beyond_what_the_sheet_needs_are_counted_not_parsed(db):
    # 1,000 rows of a 4-column sheet may hold 1,001 × (4 + 10) cells; these rows carry 60 each.
    message = refusal(workbooks.empty_cells(HEADERS, rows=1000, per_row=60))
    assert "cells, more than the 14,014 this kind of file can need" in message


def test_cells_in_prefixed_xml_are_counted_too(db):
    message = refusal(workbooks.prefixed_empty_cells(rows=1000, per_row=60))
    assert "cells, more than the 14,014" in message


def test_csv_rows_and_size_are_capped_while_reading(settings):
    blank_lines = ",".join(HEADERS).encode() + b"\r\n" * 5000
    assert "more than 1,000 data rows" in refusal(blank_lines, "b.csv")
    settings.SHEETS_MAX_UPLOAD_BYTES = 1000
    assert "larger than 0 MB" in refusal(b"x" * 1001, "b.csv")


def test_an_ordinary_workbook_within_the_limits_reads(db):
    table = sheets.read_table("b.xlsx", workbooks.ordinary([HEADERS] + [["a", "b", "c", "d"]] * 999), 1000,
                              max_cells=SHEET.max_cells(sheets.current_limits()))
    assert len(table.rows) == 999 and table.headers == HEADERS


def test_a_bomb_imports_nothing_and_says_why(db):
    admin = make_user("city_admin", region="430100")
    before = Business.objects.count()
    with translation.override("en"):
        report = imports.registry_import(actor=admin, kind="businesses", filename="b.xlsx",
                                         content=workbooks.bomb(HEADERS, unpacked=70 * 1024 * 1024))
    assert [(e.row, e.column) for e in report.errors] == [(0, "")]
    assert "unpacks to 70 MB" in report.errors[0].message
    assert report.rows == 0 and report.imported == 0 and Business.objects.count() == before
    with translation.override("zh-hans"):
        assert "解压后为 70 MB" in report.errors[0].message_zh
