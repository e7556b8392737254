"""The one scoping mechanism for business data (市、区县两级平台).

Every query of business data goes through ``Model.objects.restrict(principal)``:
a city user sees the whole city, a district user one district and everything
that hangs off its businesses, a business user only its own business, a
department system the businesses (of the kinds) it is scoped to. A model says
how it reaches a district and a business with two class attributes; nothing
else in the code base decides visibility.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from django.db import models


class ScopeLevel(StrEnum):
    ALL = "all"  # platform-wide (no business data role has it; kept for maintenance commands)
    CITY = "city"
    DISTRICT = "district"
    BUSINESS = "business"
    NONE = "none"


@dataclass(frozen=True)
class Scope:
    level: ScopeLevel
    city_id: str | None = None
    district_id: str | None = None
    business_id: int | None = None
    # Department systems (商务 meat/vegetable, 农业 planting/breeding) see only some kinds.
    business_kinds: tuple[str, ...] = field(default_factory=tuple)

    def apply(self, qs: models.QuerySet) -> models.QuerySet:
        model = qs.model
        district_path = model.scope_district_path
        business_path = getattr(model, "scope_business_path", None)
        kind_path = getattr(model, "scope_kind_path", None)
        if self.level == ScopeLevel.ALL:
            scoped = qs
        elif self.level == ScopeLevel.CITY:
            city_lookup = "city_id" if district_path == "pk" else f"{district_path}__city_id"
            scoped = qs.filter(**{city_lookup: self.city_id})
        elif self.level == ScopeLevel.DISTRICT:
            scoped = qs.filter(**{district_path: self.district_id})
        elif self.level == ScopeLevel.BUSINESS:
            if business_path is None:
                # Shared reference data (e.g. divisions): what the business's district sees.
                scoped = qs.filter(**{district_path: self.district_id})
            else:
                scoped = qs.filter(**{business_path: self.business_id})
        else:
            return qs.none()
        if self.business_kinds and kind_path:
            scoped = scoped.filter(**{f"{kind_path}__in": self.business_kinds})
        return scoped

    def sql(self, district_column: str, business_column: str) -> tuple[str, list]:
        """The same rule as ``apply`` as a SQL condition on two columns of a raw query's table, for the few hot
        paths written in SQL (the trace walk); a test keeps the two equal for every kind of principal."""
        if self.level == ScopeLevel.ALL:
            condition, params = "1 = 1", []
        elif self.level == ScopeLevel.CITY:
            # Column names come from the calling code, never from input.
            condition = f"{district_column} IN (SELECT code FROM regions_region WHERE city_id = %s)"  # noqa: S608
            params = [self.city_id]
        elif self.level == ScopeLevel.DISTRICT:
            condition, params = f"{district_column} = %s", [self.district_id]
        elif self.level == ScopeLevel.BUSINESS:
            condition, params = f"{business_column} = %s", [self.business_id]
        else:
            return "1 = 0", []
        if self.business_kinds:
            marks = ", ".join(["%s"] * len(self.business_kinds))
            kinds = f"SELECT id FROM registry_business WHERE kind IN ({marks})"  # noqa: S608
            condition += f" AND {business_column} IN ({kinds})"
            params += list(self.business_kinds)
        return condition, params

    def allows_district(self, district_id: str, city_id: str) -> bool:
        """May this scope create or move data into that district?"""
        if self.level == ScopeLevel.ALL:
            return True
        if self.level == ScopeLevel.CITY:
            return city_id == self.city_id
        if self.level in (ScopeLevel.DISTRICT, ScopeLevel.BUSINESS):
            return district_id == self.district_id
        return False


NO_SCOPE = Scope(ScopeLevel.NONE)


def scope_of(principal) -> Scope:
    """The scope of a user or API client; anonymous and unknown principals see nothing."""
    if principal is None or not getattr(principal, "is_authenticated", False):
        return NO_SCOPE
    return getattr(principal, "scope", NO_SCOPE)



def scope_sql(principal, district_column: str = "district_id", business_column: str = "business_id"):
    """(condition, params) keeping rows of a raw statement to the principal's scope; no principal = no
    restriction (the hot paths' raw SQL, ``foodtrace.db.sql``; kept equal to ``restrict`` by
    tests/regions/test_scope_sql.py)."""
    if principal is None:
        return "1 = 1", []
    found = scope_of(principal)
    if found.level == ScopeLevel.NONE:
        return "1 = 0", []
    return found.sql(district_column, business_column)

class ScopedQuerySet(models.QuerySet):
    def restrict(self, principal) -> "ScopedQuerySet":
        return scope_of(principal).apply(self)


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)
