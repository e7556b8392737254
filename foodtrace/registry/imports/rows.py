"""The checks every kind of registry row shares (USCC, owning business, unique keys); the row itself is the
sheets engine's ``Row``."""

from django.db.models import Model
from django.utils.translation import gettext as _

from foodtrace.i18n import localized
from foodtrace.identifiers import IdentifierError, parse_uscc
from foodtrace.sheets import Row, rows_of

from .lookups import business_lookup, existing

__all__ = ["Row", "owners", "row_uscc", "rows_of", "unique_rows"]


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
