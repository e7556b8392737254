"""Registry API (/api/v1/registry/): parse, call a selector or service, shape the answer."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import File, Router, Status, UploadedFile
from ninja.pagination import paginate

from foodtrace.accounts.principals import require
from foodtrace.apikit.pagination import Pages
from foodtrace.apikit.params import Id
from foodtrace.registry import selectors, services
from foodtrace.registry.models import Licence, Location, Product, ProductCategory
from foodtrace.registry.schemas import (
    BusinessDetailOut,
    BusinessIn,
    BusinessOut,
    BusinessPatch,
    CategoryOut,
    ImportReportOut,
    LicenceIn,
    LicenceOut,
    LicenceStatusChangeOut,
    LicenceStatusIn,
    LocationIn,
    LocationOut,
    LocationPatch,
    ProductIn,
    ProductOut,
    ProductPatch,
)

router = Router(tags=["registry"])



def _principal(request):
    return request.auth


# Businesses ---------------------------------------------------------------------------------------

@router.get("/businesses", response=list[BusinessOut])
@paginate(Pages, page_size=50)
def list_businesses(request, q: str = "", kind: str = "", district: str = "", status: str = "",
                    uscc_flagged: bool | None = None):
    require(_principal(request), "registry.view_business")
    return selectors.businesses(_principal(request), q=q, kind=kind, district=district, status=status,
                                uscc_flagged=uscc_flagged)


@router.get("/businesses/{business_id}", response=BusinessDetailOut)
def get_business(request, business_id: Id):
    """One business; personal data unmasked only for regulators who may change it and for itself."""
    principal = _principal(request)
    require(principal, "registry.view_business")
    return get_object_or_404(selectors.businesses(principal), pk=business_id)


@router.post("/businesses", response={201: BusinessDetailOut})
def create_business(request, payload: BusinessIn):
    return Status(201, services.business_create(actor=_principal(request), **payload.dict()))


@router.patch("/businesses/{business_id}", response=BusinessDetailOut)
def update_business(request, business_id: Id, payload: BusinessPatch):
    business = get_object_or_404(selectors.businesses(_principal(request)), pk=business_id)
    return services.business_update(actor=_principal(request), business=business,
                                    **payload.dict(exclude_unset=True))


# Licences -----------------------------------------------------------------------------------------

@router.get("/licences", response=list[LicenceOut])
@paginate(Pages, page_size=50)
def list_licences(request, status: str = "", kind: str = "", business: Id | None = None, q: str = ""):
    require(_principal(request), "registry.view_licence")
    return selectors.licences(_principal(request), status=status, kind=kind, business=business, q=q)


@router.get("/licences/{licence_id}", response=LicenceOut)
def get_licence(request, licence_id: Id):
    require(_principal(request), "registry.view_licence")
    return get_object_or_404(selectors.licences(_principal(request)), pk=licence_id)


@router.get("/licences/{licence_id}/history", response=list[LicenceStatusChangeOut])
def licence_history(request, licence_id: Id):
    require(_principal(request), "registry.view_licence")
    licence = get_object_or_404(selectors.licences(_principal(request)), pk=licence_id)
    return list(licence.status_changes.all())


@router.post("/licences", response={201: LicenceOut})
def create_licence(request, payload: LicenceIn):
    return Status(201, services.licence_create(actor=_principal(request), **payload.dict()))


@router.post("/licences/{licence_id}/status", response=LicenceOut)
def change_licence_status(request, licence_id: Id, payload: LicenceStatusIn):
    licence = get_object_or_404(Licence.objects.restrict(_principal(request)), pk=licence_id)
    return services.licence_change_status(actor=_principal(request), licence=licence, status=payload.status,
                                          reason=payload.reason)


# Products and locations ---------------------------------------------------------------------------

@router.get("/categories", response=list[CategoryOut])
def list_categories(request):
    return list(ProductCategory.objects.all())


@router.get("/products", response=list[ProductOut])
@paginate(Pages, page_size=50)
def list_products(request, category: str = "", gtin: str = "", business: Id | None = None, q: str = ""):
    require(_principal(request), "registry.view_product")
    return selectors.products(_principal(request), category=category, gtin=gtin, business=business, q=q)


@router.get("/products/{product_id}", response=ProductOut)
def get_product(request, product_id: Id):
    require(_principal(request), "registry.view_product")
    return get_object_or_404(selectors.products(_principal(request)), pk=product_id)


@router.post("/products", response={201: ProductOut})
def create_product(request, payload: ProductIn):
    return Status(201, services.product_create(actor=_principal(request), **payload.dict()))


@router.patch("/products/{product_id}", response=ProductOut)
def update_product(request, product_id: Id, payload: ProductPatch):
    product = get_object_or_404(Product.objects.restrict(_principal(request)), pk=product_id)
    return services.product_update(actor=_principal(request), product=product, **payload.dict(exclude_unset=True))


@router.get("/locations", response=list[LocationOut])
@paginate(Pages, page_size=50)
def list_locations(request, kind: str = "", business: Id | None = None, q: str = ""):
    require(_principal(request), "registry.view_location")
    return selectors.locations(_principal(request), kind=kind, business=business, q=q)


@router.get("/locations/{location_id}", response=LocationOut)
def get_location(request, location_id: Id):
    require(_principal(request), "registry.view_location")
    return get_object_or_404(selectors.locations(_principal(request)), pk=location_id)


@router.post("/locations", response={201: LocationOut})
def create_location(request, payload: LocationIn):
    return Status(201, services.location_create(actor=_principal(request), **payload.dict()))


@router.patch("/locations/{location_id}", response=LocationOut)
def update_location(request, location_id: Id, payload: LocationPatch):
    location = get_object_or_404(Location.objects.restrict(_principal(request)), pk=location_id)
    return services.location_update(actor=_principal(request), location=location,
                                    **payload.dict(exclude_unset=True))


# Bulk import --------------------------------------------------------------------------------------

@router.get("/imports/{kind}/template", auth=None, include_in_schema=True)
def import_template(request, kind: str, format: str = "xlsx"):
    from foodtrace.registry import imports

    download = imports.template_download(kind, format)
    if download is None:
        raise Http404
    return HttpResponse(download.content, headers=download.headers)


@router.post("/imports/{kind}", response={200: ImportReportOut, 422: ImportReportOut})
def import_upload(request, kind: str, file: UploadedFile = File(...)):
    """Import businesses, licences or products from .xlsx or .csv: all rows or none, with every error listed."""
    from foodtrace.registry import imports

    if kind not in imports.IMPORT_KINDS:
        raise Http404
    # Read one byte past the limit so an oversized file is refused without holding all of it.
    content = file.read(imports.MAX_BYTES + 1)
    report = imports.registry_import(actor=_principal(request), kind=kind, filename=file.name, content=content)
    return Status(200 if report.ok else 422, report.as_dict())
