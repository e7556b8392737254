"""The empty import files offered for download: .xlsx with a 说明 sheet, an example row and drop-downs, or CSV —
built by the sheets engine from each kind's columns and the help below."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from foodtrace.regions.models import Region
from foodtrace.registry.models import ProductCategory
from foodtrace.sheets import XLSX_CONTENT_TYPE, Column, Msg, TemplateDownload
from foodtrace.sheets import template_download as sheet_template

from .columns import BUSINESS_KIND_NAMES, IMPORT_KINDS, SHEETS, UNIT_NAMES

__all__ = ["XLSX_CONTENT_TYPE", "TemplateDownload", "template_download", "template_file"]

TEMPLATE_FORMATS = ("xlsx", "csv")


def template_download(kind: str, fmt: str) -> TemplateDownload | None:
    """The template of ``kind`` in format ``fmt`` as a download, or None when there is no such template."""
    if kind not in IMPORT_KINDS or fmt not in TEMPLATE_FORMATS:
        return None
    return _download(kind, fmt)


def template_file(kind: str, format: str) -> tuple[bytes, str]:
    """An empty import file with the header row: .xlsx (with an explanation sheet) or UTF-8 CSV."""
    if kind not in IMPORT_KINDS:
        raise ValueError(f"unknown import kind {kind!r}")
    if format not in TEMPLATE_FORMATS:
        raise ValueError(f"unknown template format {format!r}")
    download = _download(kind, format)
    return download.content, download.content_type


def _download(kind: str, fmt: str) -> TemplateDownload:
    from . import MAX_BYTES, MAX_ROWS  # read when called: the limits may be changed there

    def column_help(column: Column) -> str:
        return _column_help(kind, column)

    sheet = SHEETS[kind]
    keys = ", ".join(c.key for c in sheet.columns)
    notes = [
        Msg(gettext_lazy("Headers may be the Chinese names above (with or without *) or the English keys "
                         "(%(keys)s)."), keys=keys),
        Msg(gettext_lazy("Data start on row 2 of the first sheet; empty rows are skipped. At most %(rows)s rows "
                         "and %(mb)s MB per file."), rows=f"{MAX_ROWS:,}", mb=MAX_BYTES // (1024 * 1024)),
        Msg(gettext_lazy("A file with any error imports nothing; the report lists every problem by row and "
                         "column.")),
    ]
    return sheet_template(sheet, fmt, f"foodtrace-{kind}-template", help=column_help, notes=notes,
                          lists=_list_values(kind)) if fmt == "xlsx" else sheet_template(
        sheet, fmt, f"foodtrace-{kind}-template")


def _district_choices() -> list[tuple[str, str]]:
    districts = Region.objects.filter(level=Region.Level.DISTRICT).order_by("code")
    return list(districts.values_list("code", "name"))


def _category_choices() -> list[tuple[str, str]]:
    return list(ProductCategory.objects.order_by("code").values_list("code", "name"))


def _column_help(kind: str, column: Column) -> str:
    key = column.key
    if key == "uscc" and kind == "businesses":
        return _("18-character unified social credit code. A code whose check character (the 18th) is wrong "
                 "is imported and flagged for review.")
    if key == "uscc":
        return _("18-character unified social credit code of the business, which must already be registered "
                 "in your area.")
    if key == "kind":
        return _("One of: %(choices)s (or the English code in brackets).") % {"choices": "; ".join(
            f"{'/'.join(names)} ({code})" for code, names in BUSINESS_KIND_NAMES.items())}
    if key == "district":
        return _("Name or 6-digit code of a district or county in your area: %(choices)s.") % {
            "choices": "; ".join(f"{name} ({code})" for code, name in _district_choices())}
    if key == "latitude":
        return _("Decimal degrees, e.g. 28.194100 (between -90 and 90). Give both coordinates or neither.")
    if key == "longitude":
        return _("Decimal degrees, e.g. 112.982300 (between -180 and 180).")
    if key == "number":
        return _("SC (food production) or JY (food business) and 14 digits; the area code inside it must be "
                 "the business's district.")
    if key in ("valid_from", "valid_until"):
        return _("A date, e.g. 2026-01-31 or 2026/1/31. The end may not be before the start.")
    if key == "category":
        return _("Category name or code: %(choices)s.") % {
            "choices": "; ".join(f"{name} ({code})" for code, name in _category_choices())}
    if key == "gtin":
        return _("8, 12, 13 or 14 digits with a valid GS1 check digit; each GTIN once. Keep the column "
                 "formatted as text so leading zeros stay.")
    if key == "unit":
        choices = "; ".join(f"{'/'.join(n for n in names if not n.isascii())} ({code})"
                            for code, names in UNIT_NAMES.items())
        return _("One of: %(choices)s. Empty means kilogram.") % {"choices": choices}
    if key == "shelf_life_days":
        return _("A whole number of days.")
    if key in ("name", "address", "scope", "issued_by", "specification"):
        return _("Free text.")
    return _("Free text; stored encrypted.") if key in (
        "legal_representative", "contact_name", "contact_phone") else ""


def _list_values(kind: str) -> dict[str, list[str]]:
    """Values offered in the template's drop-down lists (typing anything else is still allowed)."""
    if kind == "businesses":
        return {"kind": [names[0] for names in BUSINESS_KIND_NAMES.values()],
                "district": [name for _code, name in _district_choices()]}
    if kind == "products":
        return {"category": [name for _code, name in _category_choices()],
                "unit": [names[0] for names in UNIT_NAMES.values()]}
    return {}
