"""How much of a spreadsheet the platform reads: every limit a setting, with a default sized to the largest
honest file (docs/sheets.md says why each is what it is).

A file beyond a limit is refused before its content is parsed — the zip's declared sizes, its compression
ratio and a count of its rows and cells are checked first — so an upload can never hold a worker for long,
whoever sends it.
"""

from dataclasses import dataclass

from django.conf import settings

DEFAULTS = {
    # Bytes of the uploaded file itself (.xlsx or .csv).
    "SHEETS_MAX_UPLOAD_BYTES": 20 * 1024 * 1024,
    # Bytes of a workbook once unpacked, all its parts together, as its zip directory declares them. A 50,000-row
    # registry sheet is about 30 MB of XML; a workbook far beyond is a zip bomb, not a register.
    "SHEETS_MAX_UNPACKED_BYTES": 64 * 1024 * 1024,
    # Unpacked / packed size of one part of a workbook (parts over 1 MB). Spreadsheets compress 5-20 times,
    # very repetitive ones up to about 60; the 390 MB bomb that once held a worker compressed 325 times.
    "SHEETS_MAX_COMPRESSION_RATIO": 100,
    # Cells of the sheet read (empty ones that a workbook spells out count too), and shared strings.
    "SHEETS_MAX_CELLS": 1_000_000,
    # Columns read per row; what lies beyond is ignored (a stray cell in column XFD costs nothing).
    "SHEETS_MAX_COLUMNS": 100,
    # Problems reported per file: enough to fix a file by; checking stops there (nothing is written anyway).
    "SHEETS_MAX_ERRORS": 1000,
}


@dataclass(frozen=True)
class Limits:
    upload_bytes: int
    unpacked_bytes: int
    compression_ratio: int
    cells: int
    columns: int
    errors: int


def current_limits() -> Limits:
    """The limits as the settings say now (read at each call, so tests and operators can change them)."""

    def get(name: str) -> int:
        return int(getattr(settings, name, DEFAULTS[name]))

    return Limits(upload_bytes=get("SHEETS_MAX_UPLOAD_BYTES"), unpacked_bytes=get("SHEETS_MAX_UNPACKED_BYTES"),
                  compression_ratio=get("SHEETS_MAX_COMPRESSION_RATIO"), cells=get("SHEETS_MAX_CELLS"),
                  columns=get("SHEETS_MAX_COLUMNS"), errors=get("SHEETS_MAX_ERRORS"))
