"""EPCIS 2.0 exceptions, shaped for the REST binding's problem details (RFC 7807).

The REST binding (EPCIS 2.0 §12, openapi.yaml) names each exception by a URI
``epcisException:<Name>`` in the problem's ``type`` and fixes the HTTP status
that goes with it. ``EPCISError`` carries that name plus where the problem is,
so the API layer can answer without re-deriving anything; ``ValidationErrors``
carries every problem of a document, because capture is all-or-nothing and a
client fixing a rejected document should see all of its problems at once.
"""

from __future__ import annotations

# Exception name -> HTTP status, as the REST binding's responses pair them.
EXCEPTION_STATUS: dict[str, int] = {
    "ValidationException": 400,
    "QueryParameterException": 400,
    "QueryValidationException": 400,
    "SubscriptionControlsException": 400,
    "SecurityException": 403,
    "NoSuchNameException": 404,
    "NoSuchResourceException": 404,
    "NotAcceptableException": 406,
    "ResourceAlreadyExistsException": 409,
    "QueryTooLargeException": 413,
    "QueryTooComplexException": 413,
    "CaptureLimitExceededException": 413,
    "URITooLongException": 414,
    "UnsupportedMediaTypeException": 415,
    "ImplementationException": 500,
}

EXCEPTION_PREFIX = "epcisException:"


class EPCISError(Exception):
    """One EPCIS exception.

    ``type``: the exception name ("ValidationException", …; see EXCEPTION_STATUS);
    ``detail``: an English sentence naming the field, what is wrong and what is expected;
    ``pointer``: where, e.g. "epcisBody.eventList[3].quantityList[0].quantity" (None if the whole input);
    ``event_index``: the event's position in the document's event list, if the problem is in one.
    """

    def __init__(self, detail: str, *, type: str = "ValidationException", pointer: str | None = None,
                 event_index: int | None = None):
        if type not in EXCEPTION_STATUS:
            raise ValueError(f"unknown EPCIS exception type {type!r}")
        super().__init__(detail)
        self.type = type
        self.detail = detail
        self.pointer = pointer
        self.event_index = event_index

    @property
    def uri(self) -> str:
        """The problem type URI of the REST binding, e.g. "epcisException:ValidationException"."""
        return EXCEPTION_PREFIX + self.type

    @property
    def status(self) -> int:
        return EXCEPTION_STATUS[self.type]

    def __str__(self) -> str:
        return f"{self.pointer}: {self.detail}" if self.pointer else self.detail

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}({self.type!r}, {str(self)!r})"

    def as_dict(self) -> dict:
        """This one problem as a JSON-ready dict (used inside the problem details' ``errors``)."""
        item: dict = {"type": self.uri, "detail": self.detail}
        if self.pointer is not None:
            item["pointer"] = self.pointer
        if self.event_index is not None:
            item["eventIndex"] = self.event_index
        return item

    def to_problem(self) -> dict:
        """RFC 7807 problem details as the REST binding's RFC7807ProblemResponseBody expects."""
        return {"type": self.uri, "title": self.type, "status": self.status, "detail": str(self)}


class ValidationErrors(EPCISError):
    """Every problem found in one document; ``errors`` lists them in document order."""

    def __init__(self, errors: list[EPCISError]):
        if not errors:
            raise ValueError("ValidationErrors needs at least one error")
        self.errors = list(errors)
        first = self.errors[0]
        count = len(self.errors)
        summary = str(first) if count == 1 else f"{count} problems; the first: {first}"
        types = {e.type for e in self.errors}
        super().__init__(summary, type=types.pop() if len(types) == 1 else "ValidationException",
                         pointer=None, event_index=first.event_index if count == 1 else None)
        self.detail = summary

    def __iter__(self):
        return iter(self.errors)

    def __len__(self) -> int:
        return len(self.errors)

    def to_problem(self) -> dict:
        problem = super().to_problem()
        problem["errors"] = [e.as_dict() for e in self.errors]
        return problem
