"""Reads of registry data. Every query starts from ``restrict(principal)``."""

from django.db.models import Count, Q

from foodtrace.registry.models import Business, Licence, Location, Product, ProductCategory


def businesses(principal, *, q: str = "", kind: str = "", district: str = "", status: str = "",
               uscc_flagged: bool | None = None):
    qs = Business.objects.restrict(principal).select_related("district")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(uscc__iexact=q.strip().upper()) | Q(address__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
    if district:
        qs = qs.filter(district_id=district)
    if status:
        qs = qs.filter(status=status)
    if uscc_flagged is not None:
        qs = qs.filter(uscc_check_ok=not uscc_flagged)
    return qs


def licences(principal, *, status: str = "", kind: str = "", business: int | None = None, q: str = ""):
    qs = Licence.objects.restrict(principal).with_effective_status().select_related("business__district")
    if status:
        qs = qs.filter(effective_status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if business:
        qs = qs.filter(business_id=business)
    if q:
        qs = qs.filter(Q(number__iexact=q.strip().upper()) | Q(business__name__icontains=q))
    return qs


def categories_under(code: str) -> list[str]:
    """A category and all its descendants (codes are dotted paths: meat, meat.pork)."""
    return list(ProductCategory.objects.filter(Q(code=code) | Q(code__startswith=code + "."))
                .values_list("code", flat=True))


def products(principal, *, category: str = "", gtin: str = "", business: int | None = None, q: str = ""):
    qs = Product.objects.restrict(principal).select_related("business", "category")
    if category:
        qs = qs.filter(category_id__in=categories_under(category))
    if gtin:
        qs = qs.filter(gtin=gtin.zfill(14))
    if business:
        qs = qs.filter(business_id=business)
    if q:
        qs = qs.filter(name__icontains=q)
    return qs


def locations(principal, *, kind: str = "", business: int | None = None, q: str = ""):
    qs = Location.objects.restrict(principal).select_related("business")
    if kind:
        qs = qs.filter(kind=kind)
    if business:
        qs = qs.filter(business_id=business)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__iexact=q) | Q(gln=q))
    return qs


def registry_overview(principal) -> dict:
    """Counts for the home page: businesses per kind, licences per effective status."""
    by_kind = dict(Business.objects.restrict(principal).values_list("kind").annotate(n=Count("pk")))
    by_status = dict(licences(principal).values_list("effective_status").annotate(n=Count("pk")))
    return {
        "businesses": sum(by_kind.values()),
        "by_kind": by_kind,
        "licences_by_status": by_status,
        "products": Product.objects.restrict(principal).count(),
        "locations": Location.objects.restrict(principal).count(),
    }
