"""The columns of each ledger file, the header forms accepted for them, and header matching."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from foodtrace.registry.imports.cells import match_key

from .models import LedgerKind
from .report import LedgerReport, Msg

KINDS = tuple(LedgerKind.values)


@dataclass(frozen=True)
class Column:
    key: str  # internal key; the same for a supplier and a customer
    header: str  # Chinese header printed in templates (with "*" when required)
    english: str  # English key, accepted as a header too, shown in the 说明 sheet
    required: bool = False
    width: int = 16  # template column width, in Excel character units
    text: bool = False  # format the template column as text (codes whose leading zeros matter)

    @property
    def template_header(self) -> str:
        return f"{self.header}*" if self.required else self.header


def _documents() -> tuple[Column, ...]:
    return (
        Column("quarantine_cert", "检疫证明编号", "quarantine_certificate", width=22, text=True),
        Column("invoice", "发票号", "invoice", width=22, text=True),
        Column("inspection_report", "检验报告编号", "inspection_report", width=22, text=True),
    )


def _goods(quantity_required: bool) -> tuple[Column, ...]:
    return (
        Column("product", "产品名称或商品条码", "product", True, 26, text=True),
        Column("lot", "批号或追溯码", "lot", width=22, text=True),
        Column("quantity", "数量", "quantity", quantity_required, 10),
        Column("unit", "单位", "unit", quantity_required, 10),
    )


COLUMNS: dict[str, tuple[Column, ...]] = {
    LedgerKind.PURCHASES: (
        Column("time", "进货日期时间", "purchase_time", True, 20),
        Column("party_uscc", "供应商统一社会信用代码", "supplier_uscc", True, 24, text=True),
        Column("party_name", "供应商名称", "supplier_name", True, 28),
        *_goods(quantity_required=True),
        *_documents(),
    ),
    LedgerKind.SALES: (
        Column("time", "销售日期时间", "sale_time", True, 20),
        Column("party_uscc", "客户统一社会信用代码", "customer_uscc", True, 24, text=True),
        Column("party_name", "客户名称", "customer_name", True, 28),
        *_goods(quantity_required=True),
        *_documents(),
    ),
    LedgerKind.CERTIFICATES: (
        Column("time", "索证日期时间", "received_time", True, 20),
        Column("party_uscc", "供应商统一社会信用代码", "supplier_uscc", True, 24, text=True),
        Column("party_name", "供应商名称", "supplier_name", True, 28),
        *_goods(quantity_required=False),
        *_documents(),
    ),
}

DOCUMENT_KEYS = ("quarantine_cert", "invoice", "inspection_report")


def kind_label(kind: str):
    return LedgerKind(kind).label


def match_headers(kind: str, headers: list[str], report: LedgerReport) -> dict[str, int] | None:
    """Column key -> position in the file, or None after reporting header problems on row 1."""
    columns = COLUMNS[kind]
    accepted = {}
    for column in columns:
        for name in (column.header, column.english, column.key):
            accepted[match_key(name)] = column
    positions: dict[str, int] = {}
    unknown = []
    for index, header in enumerate(headers):
        if not header:
            continue
        column = accepted.get(match_key(header))
        if column is None:
            unknown.append(header)
        elif column.key in positions:
            report.add(1, header, Msg(_("The column “%(header)s” appears more than once."), header=header))
        else:
            positions[column.key] = index
    expected = "、".join(c.template_header for c in columns)
    for header in unknown:
        report.add(1, header, Msg(_("Unknown column “%(header)s”. The columns of this ledger are: %(columns)s."),
                                  header=header, columns=expected))
    for column in columns:
        if column.required and column.key not in positions:
            report.add(1, column.header, Msg(_("The required column “%(header)s” is missing."),
                                             header=column.template_header))
    return None if report.errors else positions


def detect_kind(headers: list[str]) -> str | None:
    """The kind whose required columns the headers hold best (for uploads that do not say), or None."""
    keys = {match_key(h) for h in headers if h}
    best, best_score = None, 0
    for kind, columns in COLUMNS.items():
        names = [{match_key(c.header), match_key(c.english)} for c in columns if c.required]
        score = sum(1 for accepted in names if accepted & keys)
        if score == len(names) and score > best_score:
            best, best_score = kind, score
    return best
