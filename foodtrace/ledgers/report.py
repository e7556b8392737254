"""What an upload answers: every problem by row and column, each in Chinese and in English (the sheets
engine's report, rendered in both languages: the upload record keeps both, the page and the API show the
one of the person's language), with what the upload recorded."""

from dataclasses import dataclass, field

from foodtrace.sheets import Msg, RowError, SheetReport

__all__ = ["LedgerReport", "Msg", "RowError"]


@dataclass
class LedgerReport(SheetReport):
    recorded: int = 0  # new events stored
    duplicates: int = 0  # rows already recorded by an earlier upload (same event)
    upload_id: int | None = None
    capture_job: str | None = None
    generated_lots: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        """The shape of ledgers.schemas.LedgerReportOut."""
        return {"kind": self.kind, "rows": self.rows, "recorded": self.recorded, "duplicates": self.duplicates,
                "upload_id": self.upload_id, "capture_job": self.capture_job,
                "generated_lots": self.generated_lots, "errors": [e.as_dict() for e in self.errors]}
