"""One error body for /api/v1, the request guards both APIs share, and the errors every operation declares.

/api/v1 answers every error as ``{"detail": "text"}`` or, for invalid input, ``{"detail": [{"field":
"name", "message": "..."}]}`` — whether the input was refused by the request schema (Ninja/Pydantic)
or by the model's rules (Django's ``ValidationError`` from a service). /epcis answers RFC 7807
problem details instead, through its own ``respond``.

The guards turn what Django raises while reading a body into the client's error it is: a multipart
body without a boundary (``MultiPartParserError``) is a 400, a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``
(``RequestDataTooBig``) a 413. Left to Django they became HTML pages (or a 500 where the body was read
outside Ninja's error handling).
"""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
    ValidationError,
)
from django.http import HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as RequestValidationError

from foodtrace.apikit.inputs import MESSAGE, guard_root

Respond = Callable[[object, int, object], HttpResponse]  # (request, status, detail) -> response


class FieldErrorOut(Schema):
    field: str | None  # the field as the client sent it (``district_id``, ``page``, ``items.0.lot``); None: the whole
    message: str


class ErrorOut(Schema):
    detail: str | list[FieldErrorOut]


def body_limit_text() -> str:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return f"{limit // 2**20} MB" if limit % 2**20 == 0 else f"{limit} bytes"


def request_field(loc) -> str | None:
    """Ninja's error location (``("body", "payload", "name")``, ``("query", "page")``) as the client's field name."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "form", "file", "header", "cookie"):
        source = parts.pop(0)
        if source == "body" and parts:
            parts.pop(0)  # the view's argument name (``payload``), not something the client sent
    return ".".join(parts) or None


def field_errors(exc: ValidationError) -> list[dict]:
    if hasattr(exc, "error_dict"):
        return [{"field": field, "message": str(msg)} for field, msgs in exc.message_dict.items() for msg in msgs]
    return [{"field": None, "message": str(msg)} for msg in exc.messages]


def install_body_guards(api: NinjaAPI, respond: Respond) -> None:
    """Errors raised while reading a request body, answered as the client errors they are (both APIs)."""

    def too_big(request, exc):
        return respond(request, 413, f"the request body is larger than {body_limit_text()}")

    def unparsable(request, exc):
        return respond(request, 400, f"the request body cannot be read: {exc}")

    def too_many(request, exc):
        return respond(request, 400, "the request body has too many fields or files")

    api.add_exception_handler(RequestDataTooBig, too_big)
    api.add_exception_handler(MultiPartParserError, unparsable)  # e.g. multipart/form-data without a boundary
    api.add_exception_handler(UnreadablePostError, unparsable)
    api.add_exception_handler(TooManyFieldsSent, too_many)
    api.add_exception_handler(TooManyFilesSent, too_many)


def install_error_handlers(api: NinjaAPI, *, root: str) -> None:
    """/api/v1's answers to errors: one body shape (``ErrorOut``). ``root``: where urls.py mounts it."""

    def respond(request, status, detail):
        return api.create_response(request, {"detail": detail}, status=status)

    def invalid_request(request, exc: RequestValidationError):
        return respond(request, 422, [{"field": request_field(e.get("loc", ())), "message": e.get("msg", "invalid")}
                                      for e in exc.errors])

    api.add_exception_handler(RequestValidationError, invalid_request)
    guard_root(root, lambda request, fields: respond(request, 422, [
        {"field": field, "message": MESSAGE} for field in fields]))
    api.add_exception_handler(ValidationError, lambda request, exc: respond(request, 422, field_errors(exc)))
    api.add_exception_handler(PermissionDenied,
                              lambda request, exc: respond(request, 403, str(exc) or "permission denied"))
    api.add_exception_handler(AuthenticationError, lambda request, exc: respond(
        request, 401, "authentication required: API key or logged-in session"))
    install_body_guards(api, respond)


# The OpenAPI side: what every operation may answer besides its own responses -------------------------

ERROR_STATUSES = {
    400: "The request cannot be read (a body without its multipart boundary, a code in no known syntax)",
    401: "No valid API key or logged-in session",
    403: "Your role or area may not do this",
    404: "Not found in your area",
    413: "The body is larger than the limit",
    422: "Invalid input; each error names its field",
    429: "Too many requests for this API client this minute",
}
BODY_ONLY = {413}  # only where a body is read


def declare_errors(schema: dict, *, ref: str, content_type: str, statuses=ERROR_STATUSES,
                   with_body=BODY_ONLY) -> dict:
    """Add the shared error answers to every operation of an OpenAPI document.

    An operation that declares its own 422 (a row-by-row import report) keeps it: its 422 becomes
    "the report or the error body", since a request the schema refuses (no file sent) never reaches
    the code that writes a report.
    """
    error = {"$ref": ref}
    for methods in schema.get("paths", {}).values():
        for method, operation in methods.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            # Ninja keys its own responses by int; JSON keys are strings: one key per status.
            responses = {str(status): answer for status, answer in operation.get("responses", {}).items()}
            operation["responses"] = responses
            for status, description in statuses.items():
                if status in with_body and method == "get":
                    continue
                declared = responses.get(str(status))
                if declared is None:
                    responses[str(status)] = {"description": description,
                                              "content": {content_type: {"schema": error}}}
                    continue
                content = declared.setdefault("content", {})
                for media in list(content) or [content_type]:
                    own = content.get(media, {}).get("schema")
                    content[media] = {"schema": {"anyOf": [own, error]} if own and own != error else error}
    return schema


def error_components() -> dict:
    """``ErrorOut`` and what it refers to, as OpenAPI components."""
    schema = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    components = schema.pop("$defs", {})
    components["ErrorOut"] = schema
    return components


class DeclaredErrorsAPI(NinjaAPI):
    """A NinjaAPI whose OpenAPI document declares the shared error answers on every operation.

    Subclasses name their own error body (/epcis: RFC 7807 problem details) through the three attributes.
    """

    error_name = "ErrorOut"
    error_content_type = "application/json"

    def error_components(self) -> dict:
        return error_components()

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {}).update(self.error_components())
        return declare_errors(schema, ref=f"#/components/schemas/{self.error_name}",
                              content_type=self.error_content_type)


def not_found_view(respond: Callable[[object], HttpResponse]):
    """A view for whatever under an API's root matches none of its operations (``re_path`` after ``api.urls``):
    the API's own 404 body, not the site's HTML page — e.g. a trace code whose last character is a newline."""

    def view(request, *args, **kwargs):
        return respond(request)

    return view
