"""FDA FSMA 204 electronic sortable spreadsheet (21 CFR 1.1455(c)(3)(ii)) from the traceability database.

A regulator asks for one traceability lot code (TLC) — and gets every Critical Tracking Event (CTE) of the
lot's whole chain, backward and forward — or for a date range, optionally of one product (GTIN). Each row
is one CTE for one traceability lot with the Key Data Elements of 21 CFR 1.1325–1.1350; docs/exports.md
has the mapping from EPCIS/CBV events to CTEs and the choices behind each column.

Everything is set-based: the walk of the trace graph (foodtrace.trace.graph), then one query each for the
events, their identifiers, their business transactions, their sources/destinations, the lots' TLC sources
(only for lots whose assigning event is not among the events already read), the documents of the events
whose CTE depends on their ILMD or sensor data, the locations, the businesses and the products. No query
runs per row. Events are read through ``Event.objects.restrict(principal)``: a principal never gets a row
for an event outside its scope.

The modules: ``kdes`` (CTEs, columns, term mappings), ``query`` (the request), ``records`` (rows and
events), ``events`` (the database to rows), ``places`` (TLC sources, locations, products), ``files`` (CSV
and .xlsx through the sheets engine's writer). This module is the entry point, ``export_file``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone as dj_timezone

from foodtrace.accounts.principals import require
from foodtrace.audit.recorder import record

from .events import build, tlc_of
from .files import to_csv, to_xlsx
from .kdes import (
    COLUMNS,
    CONTENT_TYPES,
    CTE_TYPES,
    DOCUMENT_TYPES,
    FORMATS,
    INSPECTION_REPORT,
    MAX_EVENTS,
    MAX_RANGE_DAYS,
    PERMISSION,
    QUARANTINE_CERT,
    REFUSED,
    UNITS,
)
from .query import Fsma204Query, parse_query
from .records import Export, Place, Row

__all__ = [
    "COLUMNS", "CONTENT_TYPES", "CTE_TYPES", "DOCUMENT_TYPES", "FORMATS", "INSPECTION_REPORT", "MAX_EVENTS",
    "MAX_RANGE_DAYS", "PERMISSION", "QUARANTINE_CERT", "REFUSED", "UNITS", "Export", "ExportFile", "Fsma204Query",
    "Place", "Row", "build", "export_file", "parse_query", "tlc_of", "to_csv", "to_xlsx",
]


@dataclass
class ExportFile:
    content: bytes
    content_type: str
    filename: str
    export: Export


def export_file(params, principal, *, site_url: str = "") -> ExportFile:
    """Check, build and render a request (the API and the page both come here), and record it in the audit
    trail (action "export"): who took which lot's or period's records, how many rows, in which format."""
    require(principal, PERMISSION, REFUSED)
    query = parse_query(params, principal)
    export = build(query, principal, site_url=site_url)
    content = to_xlsx(export) if query.fmt == "xlsx" else to_csv(export)
    subject = query.tlc_key or f"{query.date_from.isoformat()}/{query.date_to.isoformat()}"
    record(action="export", object_type="exports.fsma204", object_id=subject[:64],
           object_repr=f"FSMA 204 {query.describe()}"[:200],
           changes={"request": query.describe(), "gtin": query.gtin, "format": query.fmt, "rows": len(export.rows),
                    "lots": export.reached_lots})
    return ExportFile(content, CONTENT_TYPES[query.fmt], query.filename(dj_timezone.localdate()), export)
