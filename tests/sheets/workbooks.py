"""Workbooks built byte by byte for the tests: an ordinary one, and ones out of proportion."""

import io
import zipfile

from openpyxl import Workbook


def ordinary(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_sheet(rows, sheet_xml: bytes) -> bytes:
    """An ordinary workbook of ``rows`` whose first sheet's XML is replaced by ``sheet_xml`` (compressed)."""
    source = zipfile.ZipFile(io.BytesIO(ordinary(rows)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = sheet_xml if info.filename == "xl/worksheets/sheet1.xml" else source.read(info.filename)
            target.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def sheet_xml(rows_xml: bytes, padding: int = 0) -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            + rows_xml + b"</sheetData>" + b" " * padding + b"</worksheet>")


def header_row(headers) -> bytes:
    cells = b"".join(f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{h}</t></is></c>'.encode()
                     for i, h in enumerate(headers))
    return b'<row r="1">' + cells + b"</row>"


def bomb(headers, unpacked: int) -> bytes:
    """A valid workbook whose sheet unpacks to ``unpacked`` bytes, nearly all of it blanks (a zip bomb)."""
    return with_sheet([headers], sheet_xml(header_row(headers), padding=unpacked))


def empty_rows(headers, count: int) -> bytes:
    """``count`` empty rows spelled out after the header (a few kB packed)."""
    rows = b"".join(f'<row r="{n}"/>'.encode() for n in range(2, count + 2))
    return with_sheet([headers], sheet_xml(header_row(headers) + rows))


def empty_cells(headers, rows: int, per_row: int) -> bytes:
    """Rows of ``per_row`` empty styled cells each, as a program that formats whole rows writes them."""
    body = b"".join(b'<row r="%d">' % n + b'<c s="0"/>' * per_row + b"</row>" for n in range(2, rows + 2))
    return with_sheet([headers], sheet_xml(header_row(headers) + body))


def prefixed_empty_cells(rows: int, per_row: int) -> bytes:
    """The same with every element in a namespace prefix (<x:row>, <x:c>), which is valid SpreadsheetML."""
    body = b"".join(b'<x:row r="%d">' % n + b'<x:c s="0"/>' * per_row + b"</x:row>" for n in range(1, rows + 1))
    xml = (b'<?xml version="1.0" encoding="UTF-8"?><x:worksheet '
           b'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' + body
           + b"</x:sheetData></x:worksheet>")
    return with_sheet([["a"]], xml)
