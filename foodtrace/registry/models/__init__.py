"""Supervision base data (监管信息 — 基础数据): businesses, licences, products, locations."""

from foodtrace.registry.models.business import Business, BusinessKind
from foodtrace.registry.models.licence import Licence, LicenceKind, LicenceStatus, LicenceStatusChange
from foodtrace.registry.models.location import Location
from foodtrace.registry.models.product import Product, ProductCategory

__all__ = ["Business", "BusinessKind", "Licence", "LicenceKind", "LicenceStatus", "LicenceStatusChange",
           "Location", "Product", "ProductCategory"]
