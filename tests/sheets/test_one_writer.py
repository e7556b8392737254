"""Every CSV and workbook the platform writes goes through foodtrace.sheets.writing (docs/sheets.md): a module
that wrote one itself could write a formula into a regulator's spreadsheet."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "foodtrace"
WRITERS = re.compile(r"csv\.writer|csv\.DictWriter|\bWorkbook\(|WriteOnlyCell")


def test_no_module_outside_the_engine_writes_csv_or_xlsx_itself():
    offenders = [str(path.relative_to(ROOT)) for path in ROOT.rglob("*.py")
                 if "sheets" not in path.relative_to(ROOT).parts[:1] and WRITERS.search(path.read_text("utf-8"))]
    assert offenders == []
