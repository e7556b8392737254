"""The empty ledger files offered for download: .xlsx (with a 说明 sheet in Chinese and English and a unit
drop-down) or a UTF-8 CSV holding just the header row."""

from django.utils.translation import gettext_lazy as _

from foodtrace.sheets import Msg, TemplateDownload
from foodtrace.sheets import template_download as sheet_template

from .columns import KINDS, MAX_ROWS, SHEETS
from .units import UNIT_CHOICES, unit_table
from .uploads import MAX_BYTES

__all__ = ["TemplateDownload", "template_download"]

FORMATS = ("xlsx", "csv")

HELP = {
    "time": _("Date and time, e.g. 2026-03-01 08:30 (China time). A date alone means 00:00 that day."),
    "party_uscc": _("The other party's 18-character unified social credit code (统一社会信用代码). Format the "
                    "column as text."),
    "party_name": _("The other party's name as on its licence."),
    "product": _("The GTIN (barcode, 8-14 digits) or the name of a product registered to your business."),
    "lot": _("The maker's batch number (needs a GTIN), or the platform lot code T and 15 letters or digits from "
             "the label. Empty: recorded for the product as a whole (only for products with a GTIN)."),
    "quantity": _("A number greater than 0, e.g. 12.5."),
    "unit": _("千克/公斤/kg, 斤 (recorded as kg × 0.5), 克/g, 吨, 升, 毫升, 个/件, 箱/盒, 袋/包, 瓶, or a UN/ECE "
              "Rec. 20 code from the unit table below."),
    "quarantine_cert": _("Number of the animal or plant quarantine certificate (检疫证明). Several numbers: "
                         "separate them with ; or 、."),
    "invoice": _("Invoice number (发票号). Several numbers: separate them with ; or 、."),
    "inspection_report": _("Number of the inspection or test report (检验报告). Several numbers: separate them "
                           "with ; or 、."),
}

NOTES = (
    _("Headers may be the Chinese names (with or without *) or the English names of this sheet."),
    _("Data start on row 2 of the first sheet; empty rows are skipped. At most %(rows)s rows and %(mb)s MB "
      "per file; CSV in UTF-8 or GB18030 (GBK)."),
    _("A file with any error records nothing; the answer lists every problem by row and column. Uploading the "
      "same rows again does not record them twice."),
    _("Each row becomes one EPCIS 2.0 event at your business's first active location."),
)


def template_download(kind: str, fmt: str) -> TemplateDownload | None:
    """The template of ``kind`` in format ``fmt``, or None when there is no such template."""
    if kind not in KINDS or fmt not in FORMATS:
        return None
    name = f"foodtrace-ledger-{kind}"
    if fmt == "csv":
        return sheet_template(SHEETS[kind], fmt, name)
    notes = [Msg(note, rows=f"{MAX_ROWS:,}", mb=MAX_BYTES // (1024 * 1024)) for note in NOTES]
    return sheet_template(SHEETS[kind], fmt, name, help=lambda column: HELP[column.key], notes=notes,
                          lists={"unit": [unit for unit, _label in UNIT_CHOICES]},
                          tables=[(("单位 Unit", "UN/ECE Rec. 20", "English"), unit_table())])
