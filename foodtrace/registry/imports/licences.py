"""Row checks of a licences file: licence number matching the business's district, validity dates."""

from django.utils.translation import gettext as _

from foodtrace.i18n import localized
from foodtrace.identifiers import IdentifierError, parse_licence_number
from foodtrace.registry.models import Licence
from foodtrace.sheets import cell_date

from .rows import Row, owners, unique_rows


def check_licences(actor, rows: list[Row]) -> list[tuple[Row, Licence]]:
    businesses = owners(actor, rows)
    parsed = []
    for row in rows:
        business = businesses[row]
        number = None
        if row.required("number"):
            try:
                number = parse_licence_number(row.text("number"))
            except IdentifierError as exc:
                row.error("number", localized(exc))
        if number is not None and business is not None and number.area_code != business[1]:
            row.error("number", _("The licence's area code %(area)s does not match the business's district "
                                  "%(district)s.") % {"area": number.area_code,
                                                      "district": f"{business[2]} ({business[1]})"})
        valid = {}
        for key in ("valid_from", "valid_until"):
            if row.required(key):
                valid[key] = cell_date(row.raw(key))
                if valid[key] is None:
                    row.error(key, _("“%(value)s” is not a date; write it like 2026-01-31.")
                              % {"value": row.text(key)})
        if None not in (valid.get("valid_from"), valid.get("valid_until")) \
                and valid["valid_until"] < valid["valid_from"]:
            row.error("valid_until", _("The end of validity is before its start."))
        scope_text = row.bounded("scope", 2000)
        issued_by = row.bounded("issued_by", 100)
        if number is None:
            parsed.append((row, None, None))
            continue
        licence = None
        if not row.failed:
            licence = Licence(business_id=business[0], kind=number.kind, number=number.number,
                              area_code=number.area_code, scope=scope_text, issued_by=issued_by, **valid)
        parsed.append((row, number.number, licence))
    return unique_rows(parsed, Licence, "number",
                       _("The licence number %(value)s is already in row %(row)s of this file."),
                       _("The licence number %(number)s is already registered."))
