"""What an import reports back: how many rows were read and imported, and every problem found."""

from dataclasses import dataclass, field


@dataclass
class RowError:
    row: int  # as the spreadsheet shows it: header 1, first data row 2; 0 for the file as a whole
    column: str  # the header as written in the file; "" when the problem is not one cell's
    message: str


@dataclass
class ImportReport:
    kind: str
    rows: int = 0
    imported: int = 0
    errors: list[RowError] = field(default_factory=list)
    # Business rows imported although their USCC check character fails (flagged for review).
    flagged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, row: int, column: str, message) -> None:
        self.errors.append(RowError(row, column, str(message)))

    def sort_errors(self, headers: list[str]) -> None:
        """By row, then by the column order of the file (problems not in one cell last)."""
        order = {header: i for i, header in enumerate(headers)}
        self.errors.sort(key=lambda e: (e.row, order.get(e.column, len(order))))

    def as_dict(self) -> dict:
        """The shape of registry.schemas.ImportReportOut."""
        return {"kind": self.kind, "rows": self.rows, "imported": self.imported,
                "errors": [{"row": e.row, "column": e.column, "message": e.message} for e in self.errors]}
