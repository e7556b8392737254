"""Bilingual error type raised by every identifier helper."""


class IdentifierError(ValueError):
    """A malformed identifier or bad argument.

    ``str(error)`` is the English message, so logs and tracebacks stay English;
    ``message_zh`` carries the same information for Chinese user interfaces.
    """

    def __init__(self, message_en: str, message_zh: str) -> None:
        super().__init__(message_en)
        self.message_en = message_en
        self.message_zh = message_zh

    def __reduce__(self):
        # The default reduce would call __init__ with self.args (English only),
        # which fails; keep both messages so errors survive pickling.
        return (type(self), (self.message_en, self.message_zh))
