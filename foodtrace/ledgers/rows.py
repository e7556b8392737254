"""One data row of a ledger: its cells by column key, and its problems reported against the file's headers."""

import re

from django.utils.translation import gettext_lazy as _

from foodtrace.registry.imports.cells import cell_text, is_blank

from .report import LedgerReport, Msg

_SCIENTIFIC = re.compile(r"^\d(\.\d+)?[eE]\+\d+$")  # how Excel writes 6.90123E+12


class Row:
    def __init__(self, number: int, values: dict, headers: dict[str, str], report: LedgerReport):
        self.number = number
        self.values = values
        self.headers = headers
        self.report = report
        self.failed = False

    def raw(self, key: str):
        return self.values.get(key)

    def text(self, key: str) -> str:
        return cell_text(self.values.get(key))

    def blank(self, key: str) -> bool:
        return is_blank(self.values.get(key))

    def error(self, key: str, message: Msg) -> None:
        self.failed = True
        self.report.add(self.number, self.headers.get(key, ""), message)

    def required(self, key: str) -> str:
        value = self.text(key)
        if not value:
            self.error(key, Msg(_("This cell must not be empty.")))
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


def rows_of(table, positions: dict[str, int], report: LedgerReport) -> list[Row]:
    headers = {key: table.headers[index] for key, index in positions.items()}
    rows = []
    for number, values in table.rows:
        cells = {key: values[index] if index < len(values) else None for key, index in positions.items()}
        rows.append(Row(number, cells, headers, report))
    return rows
