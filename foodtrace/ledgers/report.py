"""What an upload answers: every problem by row and column, each in Chinese and in English.

Messages are kept unrendered (an English msgid and its parameters) until the report is built, and are
then rendered once in each language: the upload record keeps both, the page and the API show the one
of the person's language.
"""

from dataclasses import dataclass, field

from django.utils import translation

LANGUAGES = ("zh-hans", "en")


class Msg:
    """A message that can be rendered in either language: a lazy English msgid plus its parameters, or a
    ready pair of texts (identifier errors carry ``message_zh`` and ``message_en``)."""

    def __init__(self, text=None, /, *, zh: str | None = None, en: str | None = None, **params):
        self.text = text
        self.params = params
        self.fixed = {"zh-hans": zh, "en": en} if zh is not None else None

    @classmethod
    def of(cls, exc) -> "Msg":
        """An IdentifierError (or anything with message_zh/message_en) as a message."""
        return cls(zh=getattr(exc, "message_zh", str(exc)), en=getattr(exc, "message_en", str(exc)))

    def render(self, language: str) -> str:
        if self.fixed is not None:
            return self.fixed[language] or self.fixed["zh-hans"] or ""
        with translation.override(language):
            text = str(self.text)
            return text % self.params if self.params else text

    def __str__(self) -> str:
        return self.render("en" if (translation.get_language() or "").startswith("en") else "zh-hans")


@dataclass
class RowError:
    row: int  # as the spreadsheet shows it: header 1, first data row 2; 0 for the file as a whole
    column: str  # the header as written in the file; "" when the problem is not one cell's
    message_zh: str
    message_en: str

    @property
    def message(self) -> str:
        return self.message_en if (translation.get_language() or "").startswith("en") else self.message_zh

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message,
                "message_zh": self.message_zh, "message_en": self.message_en}

    @classmethod
    def from_stored(cls, item: dict) -> "RowError":
        return cls(item.get("row", 0), item.get("column", ""), item.get("message_zh", ""),
                   item.get("message_en", ""))


@dataclass
class LedgerReport:
    kind: str
    rows: int = 0
    recorded: int = 0  # new events stored
    duplicates: int = 0  # rows already recorded by an earlier upload (same event)
    errors: list[RowError] = field(default_factory=list)
    upload_id: int | None = None
    capture_job: str | None = None
    generated_lots: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, row: int, column: str, message: Msg) -> None:
        self.errors.append(RowError(row, column, message.render("zh-hans"), message.render("en")))

    def sort_errors(self, headers: list[str]) -> None:
        """By row, then by the column order of the file (problems not in one cell last)."""
        order = {header: i for i, header in enumerate(headers)}
        self.errors.sort(key=lambda e: (e.row, order.get(e.column, len(order))))

    def stored_errors(self) -> list[dict]:
        return [{"row": e.row, "column": e.column, "message_zh": e.message_zh, "message_en": e.message_en}
                for e in self.errors]

    def as_dict(self) -> dict:
        """The shape of ledgers.schemas.LedgerReportOut."""
        return {"kind": self.kind, "rows": self.rows, "recorded": self.recorded, "duplicates": self.duplicates,
                "upload_id": self.upload_id, "capture_job": self.capture_job,
                "generated_lots": self.generated_lots, "errors": [e.as_dict() for e in self.errors]}
