"""One data row of a file, and the checks every kind of row shares (USCC, owning business, unique keys)."""

import re

from django.db.models import Model
from django.utils.translation import gettext as _

from foodtrace.i18n import localized
from foodtrace.identifiers import IdentifierError, parse_uscc

from .cells import cell_text
from .lookups import business_lookup, existing
from .reading import Table
from .report import ImportReport

_SCIENTIFIC = re.compile(r"^\d(\.\d+)?[eE]\+\d+$")  # how Excel writes 6.90123E+12


class Row:
    """One data row: its cells by column key, and errors reported against the file's headers."""

    def __init__(self, number: int, values: dict, headers: dict[str, str], report: ImportReport):
        self.number = number
        self.values = values
        self.headers = headers
        self.report = report
        self.failed = False

    def raw(self, key: str):
        return self.values.get(key)

    def text(self, key: str) -> str:
        return cell_text(self.values.get(key))

    def error(self, key: str, message) -> None:
        self.failed = True
        self.report.add(self.number, self.headers.get(key, ""), message)

    def required(self, key: str) -> str:
        value = self.text(key)
        if not value:
            self.error(key, _("This cell must not be empty."))
        return value

    def bounded(self, key: str, max_length: int, required: bool = False) -> str:
        value = self.required(key) if required else self.text(key)
        if len(value) > max_length:
            self.error(key, _("At most %(max)s characters, this cell has %(length)s.")
                       % {"max": max_length, "length": len(value)})
        return value

    def code(self, key: str) -> str | None:
        """A code cell (USCC, GTIN) as text, or None after reporting a code that Excel has mangled."""
        value = self.raw(key)
        if isinstance(value, float) and abs(value) >= 1e15:
            # Excel keeps 15 significant digits: an 18-digit USCC typed as a number has lost its end.
            self.error(key, _("Excel stored this code as a number and kept only its first 15 digits. Format "
                              "the column as text and type the code again."))
            return None
        text = cell_text(value)
        if _SCIENTIFIC.match(text):
            self.error(key, _("“%(value)s” is a shortened number (scientific notation), not the code. Format "
                              "the column as text and type the code again.") % {"value": text})
            return None
        return text


def rows_of(table: Table, positions: dict[str, int], report: ImportReport) -> list[Row]:
    headers = {key: table.headers[index] for key, index in positions.items()}
    rows = []
    for number, values in table.rows:
        cells = {key: values[index] if index < len(values) else None for key, index in positions.items()}
        rows.append(Row(number, cells, headers, report))
    return rows


def row_uscc(row: Row) -> tuple[str, bool] | None:
    """The row's USCC, normalised, with whether its check character is right."""
    if not row.required("uscc"):
        return None
    text = row.code("uscc")
    if text is None:
        return None
    try:
        info = parse_uscc(text)
    except IdentifierError as exc:
        row.error("uscc", localized(exc))
        return None
    return info.code, info.check_ok


def owners(actor, rows: list[Row]) -> dict[Row, tuple[int, str, str] | None]:
    """Each row's business as (id, district code, district name), or None after reporting a USCC that
    cannot be read or names no business in the actor's area. One lookup for the whole file."""
    usccs = {row: row_uscc(row) for row in rows}
    businesses = business_lookup(actor, {u[0] for u in usccs.values() if u})
    found = {}
    for row, uscc in usccs.items():
        found[row] = businesses.get(uscc[0]) if uscc else None
        if uscc and found[row] is None:
            row.error("uscc", _("No business with the USCC %(uscc)s is registered in your area.")
                      % {"uscc": uscc[0]})
    return found


def _report_duplicates(rows_keys: list[tuple[Row, str]], key: str, message) -> None:
    """Report the second and later rows holding the same value, naming the first row."""
    first: dict[str, int] = {}
    for row, value in rows_keys:
        if value in first:
            row.error(key, message % {"value": value, "row": first[value]})
        else:
            first[value] = row.number


def unique_rows(parsed: list[tuple[Row, str | None, Model | None]], model: type[Model], key: str,
                in_file, registered) -> list[tuple[Row, Model]]:
    """Report each value of the unique field ``key`` (also the column's key) that is already in an earlier
    row (``in_file``) or in the database (``registered``, formatted with ``{key: value}``); return the rows
    that passed every check, with their unsaved objects.

    ``parsed`` holds (row, the row's value or None, the object or None) for every row.
    """
    # Duplicates are checked on every readable key, also of rows with other problems: all errors at once.
    keyed = [(row, value) for row, value, _obj in parsed if value]
    _report_duplicates(keyed, key, in_file)
    taken = existing(model.objects.all(), key, [value for _row, value in keyed])
    for row, value in keyed:
        if value in taken:
            row.error(key, registered % {key: value})
    return [(row, obj) for row, _value, obj in parsed if obj is not None and not row.failed]
