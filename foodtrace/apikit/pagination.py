"""Page-number pagination for every list of /api/v1, with a page number an SQL OFFSET can hold.

Ninja's ``PageNumberPagination`` takes any ``page``; ``(page - 1) * page_size`` beyond 64 bits
made SQLite raise ``OverflowError`` and PostgreSQL ``bigint out of range`` (500). Here the page
is bounded so the offset always fits: a larger page is a 422 naming ``page``.
"""

from ninja import Field, Schema
from ninja.conf import settings as ninja_settings
from ninja.pagination import PageNumberPagination

from foodtrace.apikit.params import DB_INT_MAX

MAX_PAGE_SIZE = ninja_settings.PAGINATION_MAX_PER_PAGE_SIZE
MAX_PAGE = DB_INT_MAX // MAX_PAGE_SIZE  # (MAX_PAGE - 1) * MAX_PAGE_SIZE + MAX_PAGE_SIZE fits in 64 bits


class Pages(PageNumberPagination):
    """``@paginate(Pages, page_size=50)``: the answer is ``{"items": [...], "count": n}``."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        # Larger sizes are served at MAX_PAGE_SIZE (Ninja's behaviour); the bound only keeps it an integer
        # a database can compare.
        page_size: int | None = Field(None, ge=1, le=DB_INT_MAX)
