"""Integer parameters a database can hold.

Pydantic accepts integers of any size; SQLite refuses to bind one beyond 64 bits
(``OverflowError``) and PostgreSQL refuses an OFFSET beyond a bigint. Declaring the bound on
the parameter turns such input into a 422 naming the parameter, and tells clients the limit
in the OpenAPI document (``maximum``).
"""

from typing import Annotated

from annotated_types import Ge, Le
from ninja import Field

DB_INT_MAX = 2**63 - 1  # signed 64-bit: the widest integer column of SQLite and PostgreSQL

# A row ID in a path, a query filter or a body: 1 … 2^63-1.
Id = Annotated[int, Ge(1), Le(DB_INT_MAX)]

# A count or size a client asks for (depth, row number …): 0 … 2^63-1.
Count = Annotated[int, Ge(0), Le(DB_INT_MAX)]


def _no_default(schema: dict) -> None:
    schema.pop("default", None)


def PatchField(**kwargs):  # named like the pydantic Field it returns
    """A PATCH body field that may be left out (unchanged) but not sent as ``null``: annotate it without
    ``| None`` and the explicit null is a 422 naming the field. (The OpenAPI shows no ``default: null``,
    which would contradict the field's type.)"""
    return Field(None, json_schema_extra=_no_default, **kwargs)
