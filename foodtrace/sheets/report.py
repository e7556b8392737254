"""Problems found in a file, by row and column, each in Chinese and in English — and how many to keep.

A message stays unrendered (a lazy English msgid and its parameters) until the report is read; then every
pending message is rendered in one pass per language. Switching the active language costs far more than
formatting a message, and a file of bad rows has a problem in nearly every cell: rendering each problem
under its own ``translation.override`` is what once let a 300 kB ledger hold a worker for half a minute.
"""

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .limits import current_limits

LANGUAGES = ("zh-hans", "en")


def _active() -> str:
    return "en" if (translation.get_language() or "").startswith("en") else "zh-hans"


class Msg:
    """A message that can be rendered in either language: a lazy msgid plus its parameters, a ready pair of
    texts (identifier errors carry ``message_zh`` and ``message_en``), or one text already rendered."""

    def __init__(self, text=None, /, *, zh: str | None = None, en: str | None = None, **params):
        self.text = text
        self.params = params
        self.fixed = {"zh-hans": zh, "en": en} if zh is not None else None

    @classmethod
    def of(cls, exc) -> "Msg":
        """An IdentifierError (or anything with message_zh/message_en) as a message."""
        return cls(zh=getattr(exc, "message_zh", str(exc)), en=getattr(exc, "message_en", str(exc)))

    @classmethod
    def coerce(cls, message) -> "Msg":
        """A Msg as is; a plain (already translated) string as a message that reads the same in both."""
        if isinstance(message, Msg):
            return message
        if isinstance(message, str):
            return cls(zh=message, en=message)
        return cls(message)  # a lazy translation

    def _render_active(self, language: str) -> str:
        """The text in ``language``, which must be the active language (see ``render``)."""
        if self.fixed is not None:
            return self.fixed[language] or self.fixed["zh-hans"] or ""
        text = str(self.text)
        return text % self.params if self.params else text

    def render(self, language: str) -> str:
        if self.fixed is not None:
            return self.fixed[language] or self.fixed["zh-hans"] or ""
        with translation.override(language):
            return self._render_active(language)

    def __str__(self) -> str:
        return self.render(_active())


class FileProblem(Exception):
    """The file as a whole cannot be read (or may not be): reported as one problem on row 0."""

    def __init__(self, message):
        self.msg = Msg.coerce(message)
        super().__init__(self.msg.render("en"))

    def __str__(self) -> str:
        return str(self.msg)


@dataclass
class RowError:
    row: int  # as the spreadsheet shows it: header 1, first data row 2; 0 for the file as a whole
    column: str  # the header as written in the file; "" when the problem is not one cell's
    message_zh: str
    message_en: str
    language: str | None = None  # the language of ``message``; None: the active one when read

    @property
    def message(self) -> str:
        language = self.language or _active()
        return self.message_en if language == "en" else self.message_zh

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message,
                "message_zh": self.message_zh, "message_en": self.message_en}

    def stored(self) -> dict:
        return {"row": self.row, "column": self.column, "message_zh": self.message_zh,
                "message_en": self.message_en}

    @classmethod
    def from_stored(cls, item: dict) -> "RowError":
        return cls(item.get("row", 0), item.get("column", ""), item.get("message_zh", ""),
                   item.get("message_en", ""))


class TooManyProblems(Exception):
    """Raised by ``SheetReport.add`` at the limit: checking stops, the report says that more were not listed."""


TOO_MANY = _("Checking stopped after %(max)s problems; fix these and upload the file again to see the rest.")


@dataclass
class SheetReport:
    """The problems of one file. Subclasses add what their import did (rows imported, events recorded)."""

    kind: str = ""
    rows: int = 0
    max_errors: int = field(default_factory=lambda: current_limits().errors)
    # The language the person reading this report uses (``RowError.message``): the active one when made.
    language: str = field(default_factory=_active)
    _errors: list[RowError] = field(default_factory=list, init=False, repr=False)
    _pending: list[tuple[int, str, Msg]] = field(default_factory=list, init=False, repr=False)
    truncated: bool = field(default=False, init=False)
    _noted: bool = field(default=False, init=False, repr=False)

    @property
    def errors(self) -> list[RowError]:
        if self._pending:
            self._render_pending()
        return self._errors

    @property
    def ok(self) -> bool:
        return not (self._errors or self._pending)

    def add(self, row: int, column: str, message) -> None:
        """One problem; ``message`` a Msg, a lazy translation or a translated string. Raises TooManyProblems
        once the file has as many problems as the limit allows (catch it with ``stop_at_limit``)."""
        if len(self._errors) + len(self._pending) >= self.max_errors:
            self.truncated = True
            raise TooManyProblems
        self._pending.append((row, column, Msg.coerce(message)))
        if len(self._errors) + len(self._pending) >= self.max_errors:
            self.truncated = True
            raise TooManyProblems

    def _render_pending(self) -> None:
        pending, self._pending = self._pending, []
        texts = {}
        for language in LANGUAGES:
            with translation.override(language):
                texts[language] = [msg._render_active(language) for _row, _column, msg in pending]
        for index, (row, column, _msg) in enumerate(pending):
            self._errors.append(RowError(row, column, texts["zh-hans"][index], texts["en"][index], self.language))

    def sort_errors(self, headers: list[str]) -> None:
        """By row, then by the column order of the file (problems not in one cell last); the note that checking
        stopped at the limit comes last."""
        order = {header: i for i, header in enumerate(headers)}
        self.errors.sort(key=lambda e: (e.row, order.get(e.column, len(order))))
        if self.truncated and not self._noted:
            self._noted = True
            zh, en = (Msg(TOO_MANY, max=self.max_errors).render(lang) for lang in LANGUAGES)
            self._errors.append(RowError(0, "", zh, en, self.language))

    def stored_errors(self) -> list[dict]:
        return [e.stored() for e in self.errors]


class stop_at_limit:
    """``with stop_at_limit(): check(rows)`` — a check that hit the report's problem limit ends there quietly."""

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        return exc_type is not None and issubclass(exc_type, TooManyProblems)
