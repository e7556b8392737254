"""What a sheet holds: its columns (Chinese and English headers, required or not, how a cell is read, how the
template shows it) and the header row of a file matched against them."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from .cells import match_key
from .limits import Limits
from .report import Msg, SheetReport


def header_key(text: str) -> str:
    """Matching form of a header: ``match_key`` (no spaces, no trailing *, case- and width-folded), and the
    English keys' underscores and hyphens dropped, so "Supplier USCC" is "supplier_uscc"."""
    return match_key(text).replace("_", "").replace("-", "")


# Columns beyond the declared ones a row may carry and still be in proportion (notes, a spare column …).
SPARE_COLUMNS = 10


@dataclass(frozen=True)
class Column:
    key: str  # internal key, what code asks a row for
    header: str  # Chinese header printed in templates (with "*" when required)
    english: str = ""  # English header, accepted too and shown in the 说明 sheet; empty: the key
    required: bool = False
    width: int = 16  # template column width, in Excel character units
    text: bool = False  # format the template column as text (codes whose leading zeros matter)
    number_format: str = ""  # template column format otherwise, e.g. "yyyy-mm-dd hh:mm"
    parse: Callable[[Any], Any] | None = None  # cell value -> value, raising CellError (``Row.value``)
    help: Any = ""  # what to enter: a (lazy) text, or a callable giving one, for the 说明 sheet
    example: Any = None  # the example row's value
    aliases: tuple[str, ...] = ()  # other headers people use for this column

    @property
    def template_header(self) -> str:
        return f"{self.header}*" if self.required else self.header

    @property
    def english_header(self) -> str:
        return self.english or self.key

    @property
    def names(self) -> tuple[str, ...]:
        return (self.header, self.english_header, self.key, *self.aliases)


@dataclass(frozen=True)
class Sheet:
    """One kind of file: registry businesses, a purchase ledger, later lab results or a checklist."""

    name: str  # the kind's key, e.g. "businesses"; also in template file names
    label: Any  # what people call it (lazy text)
    columns: tuple[Column, ...]
    max_rows: int = 50_000  # data rows per file

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def max_cells(self, limits: Limits) -> int:
        """Cells a file of this kind may hold: its rows times its columns and a few spare ones, at most the
        setting. A sheet far beyond that is out of proportion to anything this kind can be."""
        return min(limits.cells, (self.max_rows + 1) * (len(self.columns) + SPARE_COLUMNS))


def match_headers(sheet: Sheet, headers: list[str], report: SheetReport) -> dict[str, int] | None:
    """Column key -> position in the file, or None after reporting header problems on row 1.

    A header matches in Chinese or English, with or without the "*", whatever its spacing, case or width
    (full-width letters typed with a Chinese input method match too)."""
    accepted = {}
    for column in sheet.columns:
        for name in column.names:
            accepted.setdefault(header_key(name), column)
    positions: dict[str, int] = {}
    unknown = []
    for index, header in enumerate(headers):
        if not header:
            continue
        column = accepted.get(header_key(header))
        if column is None:
            unknown.append(header)
        elif column.key in positions:
            report.add(1, header, Msg(_("The column “%(header)s” appears more than once."), header=header))
        else:
            positions[column.key] = index
    expected = "、".join(c.template_header for c in sheet.columns)
    for header in unknown:
        report.add(1, header, Msg(_("Unknown column “%(header)s”. The columns of this file are: %(columns)s."),
                                  header=header, columns=expected))
    for column in sheet.columns:
        if column.required and column.key not in positions:
            report.add(1, column.header, Msg(_("The required column “%(header)s” is missing."),
                                             header=column.template_header))
    return None if not report.ok else positions


def detect_sheet(sheets: Iterable[Sheet], headers: list[str]) -> Sheet | None:
    """The sheet whose required columns the headers hold best (for uploads that do not say), or None."""
    keys = {header_key(h) for h in headers if h}
    best, best_score = None, 0
    for sheet in sheets:
        names = [{header_key(n) for n in c.names} for c in sheet.columns if c.required]
        score = sum(1 for accepted in names if accepted & keys)
        if score == len(names) and score > best_score:
            best, best_score = sheet, score
    return best
