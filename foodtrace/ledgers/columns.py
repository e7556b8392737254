"""The columns of each ledger file, declared for the sheets engine (header matching, templates, limits)."""

from foodtrace import sheets
from foodtrace.sheets import Column, Sheet

from .models import LedgerKind
from .report import LedgerReport

KINDS = tuple(LedgerKind.values)
# Each row is one event of a single capture transaction; a year of a busy stall's ledger fits.
MAX_ROWS = 20_000


def _documents() -> tuple[Column, ...]:
    return (
        Column("quarantine_cert", "检疫证明编号", "quarantine_certificate", width=22, text=True,
               example="4301001234"),
        Column("invoice", "发票号", "invoice", width=22, text=True, example="25430000000012345678"),
        Column("inspection_report", "检验报告编号", "inspection_report", width=22, text=True),
    )


def _goods(quantity_required: bool) -> tuple[Column, ...]:
    return (
        Column("product", "产品名称或商品条码", "product", True, 26, text=True, example="大白菜"),
        Column("lot", "批号或追溯码", "lot", width=22, text=True, example="T0EXAMPLE000001A"),
        Column("quantity", "数量", "quantity", quantity_required, 10, example=12.5),
        Column("unit", "单位", "unit", quantity_required, 10, example="千克"),
    )


_TIME = "yyyy-mm-dd hh:mm"
_PARTY = "91430104MA4L000000"

COLUMNS: dict[str, tuple[Column, ...]] = {
    LedgerKind.PURCHASES: (
        Column("time", "进货日期时间", "purchase_time", True, 20, number_format=_TIME, example="2026-03-01 08:30"),
        Column("party_uscc", "供应商统一社会信用代码", "supplier_uscc", True, 24, text=True, example=_PARTY),
        Column("party_name", "供应商名称", "supplier_name", True, 28, example="岳麓蔬菜批发市场"),
        *_goods(quantity_required=True),
        *_documents(),
    ),
    LedgerKind.SALES: (
        Column("time", "销售日期时间", "sale_time", True, 20, number_format=_TIME, example="2026-03-01 10:00"),
        Column("party_uscc", "客户统一社会信用代码", "customer_uscc", True, 24, text=True, example=_PARTY),
        Column("party_name", "客户名称", "customer_name", True, 28, example="芙蓉饭店"),
        *_goods(quantity_required=True),
        *_documents(),
    ),
    LedgerKind.CERTIFICATES: (
        Column("time", "索证日期时间", "received_time", True, 20, number_format=_TIME, example="2026-03-01 08:30"),
        Column("party_uscc", "供应商统一社会信用代码", "supplier_uscc", True, 24, text=True, example=_PARTY),
        Column("party_name", "供应商名称", "supplier_name", True, 28, example="岳麓蔬菜批发市场"),
        *_goods(quantity_required=False),
        *_documents(),
    ),
}

SHEETS: dict[str, Sheet] = {kind: Sheet(kind, LedgerKind(kind).label, COLUMNS[kind], max_rows=MAX_ROWS)
                            for kind in KINDS}

DOCUMENT_KEYS = ("quarantine_cert", "invoice", "inspection_report")


def kind_label(kind: str):
    return LedgerKind(kind).label


def match_headers(kind: str, headers: list[str], report: LedgerReport) -> dict[str, int] | None:
    """Column key -> position in the file, or None after reporting header problems on row 1."""
    return sheets.match_headers(SHEETS[kind], headers, report)


def detect_kind(headers: list[str]) -> str | None:
    """The kind whose required columns the headers hold best (for uploads that do not say), or None."""
    sheet = sheets.detect_sheet(SHEETS.values(), headers)
    return sheet.name if sheet else None
