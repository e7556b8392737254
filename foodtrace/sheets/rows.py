"""One data row of a file: its cells by column key, read as text, code or declared type, and its problems
reported against the header the person sees in their spreadsheet."""

import re

from django.utils.translation import gettext_lazy as _

from .cells import cell_date, cell_text, is_blank, parse_decimal
from .report import Msg, SheetReport

_SCIENTIFIC = re.compile(r"^\d(\.\d+)?[eE]\+\d+$")  # how Excel writes 6.90123E+12


class CellError(ValueError):
    """A cell that a column's parser cannot read; carries the message to report."""

    def __init__(self, message):
        self.msg = Msg.coerce(message)
        super().__init__(self.msg.render("en"))


class Row:
    """One data row: its cells by column key, and errors reported against the file's headers."""

    def __init__(self, number: int, values: dict, headers: dict[str, str], report: SheetReport, columns=None):
        self.number = number
        self.values = values
        self.headers = headers
        self.report = report
        # Column key -> Column (for ``value``); rows_of hands every row the same dict.
        self.columns = columns if isinstance(columns, dict) else {c.key: c for c in columns or ()}
        self.failed = False

    def raw(self, key: str):
        return self.values.get(key)

    def text(self, key: str) -> str:
        return cell_text(self.values.get(key))

    def blank(self, key: str) -> bool:
        return is_blank(self.values.get(key))

    def error(self, key: str, message) -> None:
        """Report a problem of this row's cell ``key`` (a Msg, a lazy text or a translated string)."""
        self.failed = True
        self.report.add(self.number, self.headers.get(key, ""), message)

    def required(self, key: str) -> str:
        value = self.text(key)
        if not value:
            self.error(key, Msg(_("This cell must not be empty.")))
        return value

    def bounded(self, key: str, max_length: int, required: bool = False) -> str:
        value = self.required(key) if required else self.text(key)
        if len(value) > max_length:
            self.error(key, Msg(_("At most %(max)s characters, this cell has %(length)s."), max=max_length,
                                length=len(value)))
        return value

    def code(self, key: str) -> str | None:
        """A code cell (USCC, GTIN) as text, or None after reporting a code that Excel has mangled."""
        value = self.raw(key)
        if isinstance(value, float) and abs(value) >= 1e15:
            # Excel keeps 15 significant digits: an 18-digit code typed as a number has lost its end.
            self.error(key, Msg(_("Excel stored this code as a number and kept only its first 15 digits. Format "
                                  "the column as text and type the code again.")))
            return None
        text = cell_text(value)
        if _SCIENTIFIC.match(text):
            self.error(key, Msg(_("“%(value)s” is a shortened number (scientific notation), not the code. Format "
                                  "the column as text and type the code again."), value=text))
            return None
        return text

    def value(self, key: str):
        """The cell read by its column's parser (text when the column declares none); None when empty, or
        after reporting a cell the parser cannot read or a required cell left empty."""
        column = self.columns.get(key)
        if self.blank(key):
            if column is not None and column.required:
                self.required(key)
            return None
        if column is None or column.parse is None:
            return self.text(key)
        try:
            return column.parse(self.raw(key))
        except CellError as exc:
            self.error(key, exc.msg)
            return None


# Parsers a column may declare (``Column(parse=...)``); a new kind of file adds its own the same way.

def parse_text(value) -> str:
    return cell_text(value)


def parse_decimal_cell(value):
    text = str(value) if isinstance(value, int | float) and not isinstance(value, bool) else cell_text(value)
    number = parse_decimal(text.replace(",", ""))
    if number is None:
        raise CellError(Msg(_("“%(value)s” is not a number."), value=cell_text(value)))
    return number


def parse_integer(value) -> int:
    number = parse_decimal_cell(value)
    if number != number.to_integral_value():
        raise CellError(Msg(_("“%(value)s” is not a whole number."), value=cell_text(value)))
    return int(number)


def parse_date_cell(value):
    day = cell_date(value)
    if day is None:
        raise CellError(Msg(_("“%(value)s” is not a date; write it like 2026-01-31."), value=cell_text(value)))
    return day


def rows_of(table, positions: dict[str, int], report: SheetReport, sheet=None) -> list[Row]:
    """The table's data rows as Rows (cells by column key); ``sheet`` gives ``Row.value`` its parsers."""
    columns = {c.key: c for c in sheet.columns} if sheet is not None else {}
    headers = {key: table.headers[index] for key, index in positions.items()}
    places = list(positions.items())
    rows = []
    for number, values in table.rows:
        width = len(values)
        cells = {key: values[index] if index < width else None for key, index in places}
        rows.append(Row(number, cells, headers, report, columns))
    return rows
