from datetime import datetime
from uuid import UUID

from ninja import Schema


class LedgerErrorOut(Schema):
    row: int  # 1 = the header row, 2 = the first data row; 0 = the file as a whole
    column: str  # the header as written in the file; "" when the problem is not one cell's
    message: str  # in the asker's language (Chinese unless English was chosen)
    message_zh: str
    message_en: str


class LedgerReportOut(Schema):
    kind: str
    rows: int
    recorded: int  # new events stored
    duplicates: int  # rows whose event an earlier upload had already recorded
    upload_id: int | None
    capture_job: str | None
    generated_lots: list[str]
    errors: list[LedgerErrorOut]


class LedgerUploadOut(Schema):
    id: int
    business_id: int
    uploaded_at: datetime
    source: str
    kind: str
    file_name: str
    sm3: str
    size: int
    rows: int
    recorded: int
    duplicates: int
    status: str
    errors: list[dict]
    generated_lots: list[str]
    capture_job_id: UUID | None


class AttachmentOut(Schema):
    id: int
    business_id: int
    uploaded_at: datetime
    kind: str
    document_number: str
    transaction_value: str
    lot_key: str
    upload_id: int | None
    row: int | None
    original_name: str
    content_type: str
    size: int
    sm3: str
