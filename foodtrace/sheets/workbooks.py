"""Checks on an .xlsx package before anything parses it: what its zip directory declares, how hard it is
compressed, and how many rows, cells and shared strings its XML holds.

An .xlsx is a zip of XML parts. openpyxl trusts them: a 1.2 MB workbook that unpacks to 390 MB once held a
worker for two minutes. Here the directory is read first (no decompression), then the parts openpyxl would
parse are streamed through zlib and their elements counted with one regular expression — C-speed work,
bounded by the unpacked limit, well under a second for the largest workbook the limits allow.
Python's zipfile never hands out more than an entry's declared size (and checks its CRC), so a directory that
lies about sizes cannot smuggle more bytes past these checks.
"""

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .limits import Limits
from .report import FileProblem, Msg

DAMAGED = _("The file is not an Excel workbook (.xlsx), or it is damaged.")
MAX_PARTS = 2000  # parts (files) in one package; a workbook has a few dozen
RATIO_FLOOR = 1024 * 1024  # parts smaller than this unpacked are not judged by their compression ratio
METADATA_BYTES = 4 * 1024 * 1024  # workbook.xml and its relationships, read whole to find the first sheet
CHUNK = 1024 * 1024

# An element's start tag, with or without a namespace prefix: <row …>, <x:row …>, <c …>, <si>.
_ELEMENT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c|si)[\s/>]")
_PREFIXED_ROOT = re.compile(rb"<[A-Za-z_][\w.-]*:(?:worksheet|sst)\b")
_SHEET = re.compile(rb"<(?:[\w.-]+:)?sheet\b[^>]*?\b(?:[\w.-]+:)?id=[\"']([^\"']+)[\"']", re.S)
_RELATIONSHIP = re.compile(rb"<(?:[\w.-]+:)?Relationship\b([^>]*)>", re.S)
_ATTRIBUTE = re.compile(rb"\b(Id|Target)=[\"']([^\"']*)[\"']")


@dataclass
class Counts:
    rows: int = 0
    cells: int = 0
    strings: int = 0


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f}"


def check_workbook(content: bytes, *, max_rows: int, max_cells: int, limits: Limits) -> Counts:
    """Refuse (FileProblem) a workbook out of proportion; return what its first sheet holds."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise FileProblem(DAMAGED) from exc
    with archive:
        if len(infos) > MAX_PARTS:
            raise FileProblem(DAMAGED)
        unpacked = sum(info.file_size for info in infos)
        if unpacked > limits.unpacked_bytes:
            raise FileProblem(Msg(_("The workbook unpacks to %(size)s MB, more than the %(max)s MB allowed: it is "
                                    "not an ordinary spreadsheet. Copy the data into the template and upload "
                                    "that."), size=_mb(unpacked), max=_mb(limits.unpacked_bytes)))
        for info in infos:
            if info.file_size > RATIO_FLOOR and info.file_size > limits.compression_ratio * max(
                    info.compress_size, 1):
                raise FileProblem(Msg(_("The workbook is compressed %(ratio)s times, far more than any spreadsheet "
                                        "is (at most %(max)s): it is not an ordinary spreadsheet. Copy the data "
                                        "into the template and upload that."),
                                      ratio=f"{info.file_size // max(info.compress_size, 1):,}",
                                      max=limits.compression_ratio))
        names = {info.filename for info in infos}
        counts = Counts()
        sheet = _first_sheet(archive, names)
        # A first sheet that cannot be told from the workbook's parts: every part is counted (on the safe side),
        # so that no package escapes the count by spelling its relationships oddly.
        for part in [sheet] if sheet is not None else sorted(names):
            found = _count(archive, part)
            counts.rows, counts.cells = counts.rows + found["row"], counts.cells + found["c"]
        strings = next((n for n in names if n.lower() == "xl/sharedstrings.xml"), None)
        if strings is not None:
            counts.strings = _count(archive, strings)["si"]
    # Rows a workbook spells out may be empty (formatting); twice the data rows allowed is out of proportion.
    if counts.rows > 2 * max_rows + 1000:
        raise FileProblem(Msg(_("The sheet has %(count)s rows, far more than the %(max)s data rows a file may "
                                "hold; split it into smaller files."), count=f"{counts.rows:,}",
                              max=f"{max_rows:,}"))
    if counts.cells > max_cells or counts.strings > max_cells:
        raise FileProblem(Msg(_("The sheet has %(count)s cells, more than the %(max)s this kind of file can need: "
                                "copy just the data into the template, or split it into smaller files."),
                              count=f"{max(counts.cells, counts.strings):,}", max=f"{max_cells:,}"))
    return counts


def _first_sheet(archive: zipfile.ZipFile, names: set[str]) -> str | None:
    """The path of the workbook's first sheet (the one read), from workbook.xml and its relationships."""
    try:
        workbook = _small(archive, "xl/workbook.xml")
        rels = _small(archive, "xl/_rels/workbook.xml.rels")
    except KeyError:
        return None
    first = _SHEET.search(workbook)
    if first is None:
        return None
    for match in _RELATIONSHIP.finditer(rels):
        attributes = dict(_ATTRIBUTE.findall(match.group(1)))
        if attributes.get(b"Id") == first.group(1):
            target = attributes.get(b"Target", b"").decode("utf-8", "replace")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            return path if path in names else None
    return None


def _small(archive: zipfile.ZipFile, name: str) -> bytes:
    if archive.getinfo(name).file_size > METADATA_BYTES:
        raise FileProblem(DAMAGED)
    return archive.read(name)


def _count(archive: zipfile.ZipFile, name: str) -> dict[str, int]:
    """How many row, c and si elements the part holds, streamed in chunks.

    Plain ``bytes.count`` of "<row", "<c" and "<si" (C speed; "<c" also counts the few <col>/<cfRule> elements,
    which only errs on the safe side); a part whose elements carry a namespace prefix (<x:c …>) is counted with
    a regular expression instead. Every start tag begins with "<" and holds no other, so cutting each chunk
    before its last "<" never splits one."""
    found = {"row": 0, "c": 0, "si": 0}
    carry = b""
    prefixed = None
    try:
        with archive.open(name) as part:
            while True:
                chunk = part.read(CHUNK)
                data = carry + chunk
                if prefixed is None:
                    prefixed = _PREFIXED_ROOT.search(data[:4096]) is not None
                cut = len(data) if not chunk else data.rfind(b"<")
                if cut < 0 or len(data) - cut > 256:  # the last tag start is whole: nothing to carry
                    cut = len(data)
                if prefixed:
                    for match in _ELEMENT.finditer(data, 0, cut):
                        found[match.group(1).decode()] += 1
                else:
                    head = data[:cut]
                    found["row"] += head.count(b"<row")
                    found["c"] += head.count(b"<c")
                    found["si"] += head.count(b"<si")
                carry = data[cut:]
                if not chunk:
                    break
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise FileProblem(DAMAGED) from exc
    return found
