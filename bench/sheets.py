"""How fast the spreadsheet engine refuses files out of proportion, and reads an ordinary one (docs/sheets.md).

    .venv/bin/python bench/sheets.py [--repeat 5]

Prints one row per file: its packed size, what it would unpack to, the median and worst time to the answer over
the repeats, and the answer. The issue's bar: a file out of proportion is refused within a second.
"""

import argparse
import io
import os
import statistics
import sys
import time
import zipfile

from common import ROOT

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foodtrace.settings")

import django

django.setup()

from django.utils import translation  # noqa: E402

from foodtrace import sheets  # noqa: E402
from tests.sheets import workbooks  # noqa: E402

HEADERS = ["统一社会信用代码", "名称", "类型", "所属区县"]
MB = 1024 * 1024


def unpacked(content: bytes) -> int:
    try:
        return sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(content)).infolist())
    except zipfile.BadZipFile:
        return len(content)


def answer(filename: str, content: bytes) -> str:
    try:
        table = sheets.read_table(filename, content, 50_000)
    except sheets.FileProblem as problem:
        return "refused: " + problem.msg.render("en")[:70]
    return f"read: {len(table.rows):,} rows"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    files = [
        ("zip bomb, 390 MB sheet", "bomb.xlsx", workbooks.bomb(HEADERS, unpacked=390 * MB)),
        ("compressed like a bomb, 20 MB", "ratio.xlsx", workbooks.bomb(HEADERS, unpacked=20 * MB)),
        ("1,000,000 empty rows", "rows.xlsx", workbooks.empty_rows(HEADERS, 1_000_000)),
        ("20,000 rows × 200 empty cells", "cells.xlsx", workbooks.empty_cells(HEADERS, 20_000, 200)),
        ("CSV of 2,000,000 lines", "lines.csv", ("a,b,c,d\n" + "1,2,3,4\n" * 2_000_000).encode()),
        ("ordinary, 5,000 rows", "ok.xlsx",
         workbooks.ordinary([HEADERS, *([f"91430102MA{n:08d}", f"企业{n}", "超市", "芙蓉区"] for n in range(5000))])),
    ]
    print(f"cores: {os.cpu_count()}   repeats: {args.repeat}")
    print(f"{'file':34} {'packed':>9} {'unpacked':>10} {'median ms':>10} {'max ms':>8}  answer")
    with translation.override("en"):
        for label, filename, content in files:
            times, said = [], ""
            for _ in range(args.repeat):
                started = time.perf_counter()
                said = answer(filename, content)
                times.append((time.perf_counter() - started) * 1000)
            print(f"{label:34} {len(content) / 1024:>7.0f}kB {unpacked(content) / MB:>8.1f}MB "
                  f"{statistics.median(times):>10.1f} {max(times):>8.1f}  {said}")


if __name__ == "__main__":
    main()
