"""What an import reports back: how many rows were read and imported, and every problem found (the sheets
engine's report, with the import's own counts)."""

from dataclasses import dataclass

from foodtrace.sheets import RowError, SheetReport

__all__ = ["ImportReport", "RowError"]


@dataclass
class ImportReport(SheetReport):
    imported: int = 0
    # Business rows imported although their USCC check character fails (flagged for review).
    flagged: int = 0

    def as_dict(self) -> dict:
        """The shape of registry.schemas.ImportReportOut."""
        return {"kind": self.kind, "rows": self.rows, "imported": self.imported,
                "errors": [{"row": e.row, "column": e.column, "message": e.message} for e in self.errors]}
