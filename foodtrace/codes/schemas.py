"""Schemas of the codes API (/api/v1/codes)."""

from datetime import date, datetime

from ninja import Field, Schema

from foodtrace.apikit.params import Id
from foodtrace.codes.qr import public_base


class IssueIn(Schema):
    business_id: Id | None = Field(None, description="Omitted by a business (or its system): itself.")
    product_id: Id | None = None
    gtin: str = Field("", description="GS1 goods: the product's GTIN (8, 12, 13 or 14 digits).")
    lot: str = Field("", description="GS1 goods: batch/lot number (AI 10).")
    serial: str = Field("", description="GS1 goods: serial number (AI 21) of one unit.")
    quantity: float | None = None
    uom: str = Field("", description="UN/ECE Rec. 20 unit, e.g. KGM; default from the product's unit.")
    production_date: date | None = None
    expiry_date: date | None = Field(None, description="Default: production date + the product's shelf life.")


class PartIn(Schema):
    quantity: float
    uom: str = ""
    customer: str = Field("", description="USCC of the buyer; a shipping event is captured when given.")


class SplitIn(Schema):
    parts: list[PartIn]


class TraceCodeOut(Schema):
    code: str
    key: str
    kind: str
    uri: str
    url: str
    display: str
    gtin: str
    lot: str
    serial: str
    product_id: int | None
    product_name: str
    business_id: int
    business_name: str
    business_uscc: str
    parent: str | None
    quantity: float | None
    uom: str
    remaining: float | None
    production_date: date | None
    expiry_date: date | None
    created_at: datetime

    @staticmethod
    def resolve_url(obj, context):
        return obj.public_url(public_base(context["request"]))

    @staticmethod
    def resolve_gtin(obj):
        return obj.canonical.gtin

    @staticmethod
    def resolve_lot(obj):
        return obj.canonical.lot

    @staticmethod
    def resolve_serial(obj):
        return obj.canonical.serial

    @staticmethod
    def resolve_product_name(obj):
        return obj.product.name if obj.product_id else ""

    @staticmethod
    def resolve_business_name(obj):
        return obj.business.name

    @staticmethod
    def resolve_business_uscc(obj):
        return obj.business.uscc

    @staticmethod
    def resolve_parent(obj):
        return str(obj.parent) if obj.parent_id else None

    @staticmethod
    def resolve_remaining(obj):
        # What may still be split off: the issued quantity less the parts (None when the quantity is unknown).
        if obj.quantity is None:
            return None
        split_off = getattr(obj, "split_off", None)  # annotated on lists (one query, not one per row)
        if not hasattr(obj, "split_off"):
            split_off = sum(q or 0 for q in obj.parts.values_list("quantity", flat=True))
        return obj.quantity - (split_off or 0)


class TraceCodeDetailOut(TraceCodeOut):
    parts: list[str]

    @staticmethod
    def resolve_parts(obj):
        return [str(part) for part in obj.parts.order_by("pk")]


class IssuedOut(TraceCodeOut):
    capture_job: str


class SplitOut(Schema):
    parent: TraceCodeOut
    parts: list[TraceCodeOut]
    capture_job: str
