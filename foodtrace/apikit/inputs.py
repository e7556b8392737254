"""Input no database here can store, refused before an API's view runs: the NUL character (U+0000).

PostgreSQL keeps no NUL in ``text`` and no ``\\u0000`` in ``jsonb``; a query filter or a stored value
holding one raised ``DataError`` (a 500, and inside a transaction every later statement failed too).
SQLite stores it, so the same request behaved differently on the two databases. No identifier, name
or EPCIS document needs it, so the APIs refuse it: a 422 naming the parameter on /api/v1, a 400
``ValidationException`` on /epcis.

Each API declares its root and how it answers (``guard_root``); ``ApiInputMiddleware`` checks requests
under those roots: the path, every query parameter and, for bodies other than multipart uploads (whose
form fields Ninja's parser checks, see ``NulFreeParser``), the raw body — a NUL byte, or the JSON
escape ``\\u0000``.
"""

from collections.abc import Callable

from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse
from ninja.errors import ValidationError as RequestValidationError
from ninja.parser import Parser

NUL = "\x00"
MESSAGE = "NUL characters (U+0000) are not accepted"

# prefix → respond(request, fields) for each API root
_ROOTS: dict[str, Callable[[object, list[str]], HttpResponse]] = {}


def guard_root(prefix: str, respond: Callable[[object, list[str]], HttpResponse]) -> None:
    _ROOTS[prefix] = respond


def nul_fields(request) -> list[str]:
    """Where the request holds a NUL: ``path``, a query parameter's name, or ``body``."""
    fields = ["path"] if NUL in request.path else []
    for name, values in request.GET.lists():
        if NUL in name or any(NUL in value for value in values):
            fields.append(name.replace(NUL, "\\u0000"))
    if request.method in ("POST", "PUT", "PATCH") and not (request.content_type or "").startswith("multipart/"):
        try:
            body = request.body
        except RequestDataTooBig:
            return fields  # the API answers 413 when its view reads the body
        if b"\x00" in body or b"\\u0000" in body:
            fields.append("body")
    return fields


class ApiInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for prefix, respond in _ROOTS.items():
            if request.path.startswith(prefix):
                fields = nul_fields(request)
                if fields:
                    return respond(request, fields)
                break
        return self.get_response(request)


class NulFreeParser(Parser):
    """Ninja's parser, refusing NUL in form fields (the part of a multipart upload that is not the file)."""

    def parse_querydict(self, data, list_fields, request):
        # Only text: request.FILES comes through here too, and ``in`` on an uploaded file would read it.
        bad = [name for name, values in data.lists() if any(isinstance(v, str) and NUL in v for v in values)]
        if bad:
            raise RequestValidationError([{"loc": ("form", name), "msg": MESSAGE} for name in bad])
        return super().parse_querydict(data, list_fields, request)
