"""The rows of the spreadsheet and the events they are made from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .kdes import TLC_KINDS
from .query import Fsma204Query


@dataclass
class Place:
    """A location description (21 CFR 1.1310): business name, location name, address, identifier."""

    business: str = ""
    name: str = ""
    address: str = ""
    identifier: str = ""


@dataclass
class Row:
    cte: str
    tlc: str
    product: str
    quantity: float | None
    unit: str
    when: datetime  # in the event's own time-zone offset
    location: Place
    previous_source: Place
    subsequent_recipient: Place
    tlc_source: Place
    tlc_source_reference: str
    document_types: list[str]
    document_numbers: list[str]
    inputs: list[tuple[str, str, str]]  # transformation: (TLC, product description, quantity and unit) per input
    event_id: str
    sort_key: tuple = field(default=(), repr=False)

    def values(self) -> list:
        def place(p: Place, with_name: bool) -> list[str]:
            return [p.business, p.name, p.address, p.identifier] if with_name else [p.business, p.address,
                                                                                    p.identifier]
        return [self.cte, self.tlc, self.product, self.quantity, self.unit, self.when.date(),
                self.when.isoformat(timespec="seconds")[11:],
                *place(self.location, True), *place(self.previous_source, False),
                *place(self.subsequent_recipient, False), *place(self.tlc_source, False),
                self.tlc_source_reference, "; ".join(self.document_types), "; ".join(self.document_numbers),
                *(["; ".join(part) for part in zip(*self.inputs, strict=True)] if self.inputs else ["", "", ""]),
                self.event_id]


@dataclass
class Export:
    query: Fsma204Query
    rows: list[Row]
    generated_at: datetime
    generated_by: str
    reached_lots: int = 0  # TLC requests: lots of the chain (the asked lot included)


@dataclass
class _Ev:
    pk: int
    event_id: str
    event_type: int
    time: datetime
    tz: str
    action: str
    biz_step: str
    place_key: str  # bizLocation, else readPoint
    business_id: int | None
    identifiers: list[tuple] = field(default_factory=list)  # (role, key, kind, gtin, lot, quantity, uom)
    transactions: list[tuple] = field(default_factory=list)  # (type, value)
    sources: list[tuple] = field(default_factory=list)  # (type, key)
    destinations: list[tuple] = field(default_factory=list)
    document: dict | None = None


def _is_lot(identifier: tuple) -> bool:
    return identifier[2] in TLC_KINDS


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)
