"""Which cached public pages a change of the registry makes stale (declared here, connected by foodtrace.stamps)."""

from foodtrace.registry.models import Business, Licence, Product
from foodtrace.stamps import store as stamps
from foodtrace.stamps.declare import on_bulk_import, on_change


@on_change(Licence)
def licence_changed(licence):
    uscc = Business.objects.filter(pk=licence.business_id).values_list("uscc", flat=True).first()
    return [stamps.business(uscc)] if uscc else [stamps.REGISTRY]


@on_change(Business, delete=False)
def business_changed(business):
    return [stamps.business(business.uscc)]


@on_change(Product, delete=False)
def product_changed(product):
    return [stamps.REGISTRY]  # rare (a name corrected); every page may show a product by its GTIN


# Bulk imports send no model signals; their one audit entry stamps ``registry``, which every page depends on.
on_bulk_import(Business, Licence, Product)
