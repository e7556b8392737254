"""Pydantic schemas of the registry API. Lists mask personal data; details show it to those who may."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Schema

from foodtrace.apikit.params import Count, Id, PatchField
from foodtrace.identifiers import mask_name, mask_phone


class BusinessOut(Schema):
    id: int
    uscc: str
    uscc_check_ok: bool
    name: str
    kind: str
    kind_label: str
    district: str
    district_name: str
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    market_id: int | None
    status: str
    legal_representative: str
    contact_name: str
    contact_phone: str
    updated_at: datetime

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_district(obj):
        return obj.district_id

    @staticmethod
    def resolve_district_name(obj):
        return obj.district.name

    # Lists are masked (个人信息最小化展示).
    @staticmethod
    def resolve_legal_representative(obj):
        return mask_name(obj.legal_representative)

    @staticmethod
    def resolve_contact_name(obj):
        return mask_name(obj.contact_name)

    @staticmethod
    def resolve_contact_phone(obj):
        return mask_phone(obj.contact_phone)


def sees_personal_data(principal, business) -> bool:
    """Regulators who may change the business, and the business itself; masked for everyone else."""
    return bool(principal) and (principal.has_perm("registry.change_business")
                                or getattr(principal, "business_id", None) == business.pk)


class BusinessDetailOut(BusinessOut):
    @staticmethod
    def resolve_legal_representative(obj, context):
        return _maybe(obj, context, obj.legal_representative, mask_name)

    @staticmethod
    def resolve_contact_name(obj, context):
        return _maybe(obj, context, obj.contact_name, mask_name)

    @staticmethod
    def resolve_contact_phone(obj, context):
        return _maybe(obj, context, obj.contact_phone, mask_phone)


def _maybe(obj, context, value, mask):
    request = (context or {}).get("request")
    if sees_personal_data(getattr(request, "auth", None), obj):
        return value or ""
    return mask(value)


class BusinessIn(Schema):
    uscc: str
    name: str
    kind: str
    district_id: str
    address: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    market_id: Id | None = None
    legal_representative: str = ""
    contact_name: str = ""
    contact_phone: str = ""


class BusinessPatch(Schema):
    # Left out: unchanged. null only where the column may be empty (PatchField: null is a 422 naming the field).
    name: str = PatchField()
    address: str = PatchField()
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    status: str = PatchField()
    legal_representative: str = PatchField()
    contact_name: str = PatchField()
    contact_phone: str = PatchField()


class LicenceOut(Schema):
    id: int
    business_id: int
    business_name: str
    kind: str
    number: str
    area_code: str
    scope: str
    issued_by: str
    valid_from: date
    valid_until: date
    status: str  # stored: valid / suspended / revoked
    effective_status: str  # + expiring / expired, from the dates

    @staticmethod
    def resolve_business_name(obj):
        return obj.business.name

    @staticmethod
    def resolve_effective_status(obj):
        value = getattr(obj, "effective_status", None)
        return value if isinstance(value, str) else obj.effective_status()


class LicenceIn(Schema):
    business_id: Id
    number: str
    scope: str = ""
    issued_by: str = ""
    valid_from: date
    valid_until: date


class LicenceStatusIn(Schema):
    status: str
    reason: str = ""


class LicenceStatusChangeOut(Schema):
    from_status: str
    to_status: str
    reason: str
    at: datetime
    actor_name: str


class ProductOut(Schema):
    id: int
    business_id: int
    name: str
    category_id: str
    category_name: str
    gtin: str | None
    specification: str
    unit: str
    shelf_life_days: int | None
    is_active: bool

    @staticmethod
    def resolve_category_name(obj):
        return obj.category.name


class ProductIn(Schema):
    business_id: Id
    name: str
    category_id: str
    gtin: str | None = None
    specification: str = ""
    unit: str = "kg"
    shelf_life_days: Count | None = None


class ProductPatch(Schema):
    # Left out: unchanged. null only where the column may be empty (PatchField: null is a 422 naming the field).
    name: str = PatchField()
    category_id: str = PatchField()
    gtin: str | None = None
    specification: str = PatchField()
    unit: str = PatchField()
    shelf_life_days: Count | None = None
    is_active: bool = PatchField()


class LocationOut(Schema):
    id: int
    business_id: int
    code: str
    name: str
    kind: str
    address: str
    gln: str | None
    latitude: Decimal | None
    longitude: Decimal | None
    is_active: bool


class LocationIn(Schema):
    business_id: Id
    name: str
    kind: str
    address: str = ""
    gln: str | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None


class LocationPatch(Schema):
    # Left out: unchanged. null only where the column may be empty (PatchField: null is a 422 naming the field).
    name: str = PatchField()
    kind: str = PatchField()
    address: str = PatchField()
    gln: str | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    is_active: bool = PatchField()


class CategoryOut(Schema):
    code: str
    name: str
    name_en: str
    parent_id: str | None


class ImportErrorOut(Schema):
    row: int
    column: str
    message: str


class ImportReportOut(Schema):
    kind: str
    rows: int
    imported: int
    errors: list[ImportErrorOut]
