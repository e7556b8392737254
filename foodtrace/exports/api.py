"""Regulator exports API (/api/v1/exports/): the FDA FSMA 204 electronic sortable spreadsheet."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from ninja import Query, Router

from foodtrace.exports import fsma204

router = Router(tags=["exports"])


@router.get("/fsma204", response={200: None}, summary="FDA FSMA 204 sortable spreadsheet (CSV or XLSX)")
def fsma204_spreadsheet(request, tlc: str = "", date_from: str = Query("", alias="from"), to: str = "",
                        gtin: str = "", product: str = "", format: str = "csv"):
    """Every Critical Tracking Event of one traceability lot's whole chain (``tlc``: a GS1 Digital Link, an
    EPC URN, a platform lot code, or a GS1 batch/lot with ``gtin``), or of a date range (``from``, ``to``:
    YYYY-MM-DD, at most 366 days) optionally of one product (``gtin`` or ``product`` ID), with its Key Data
    Elements (21 CFR 1.1325–1.1350). ``format``: ``csv`` (UTF-8 with BOM) or ``xlsx``. Only events in your
    scope; 403 without the export permission; 422 naming the parameter that is wrong."""
    params = {"tlc": tlc, "from": date_from, "to": to, "gtin": gtin, "product": product, "format": format}
    made = fsma204.export_file(params, request.auth, site_url=request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(made.content, content_type=made.content_type)
    response["Content-Disposition"] = content_disposition_header(True, made.filename)
    response["X-FoodTrace-Rows"] = str(len(made.export.rows))
    return response
