"""The traceability information database (追溯信息数据库): captured EPCIS events and their projection."""

from foodtrace.trace.models.capture import CaptureJob
from foodtrace.trace.models.event import Event, EventHash, EventIdentifier, EventParty, EventTransaction, TraceEdge
from foodtrace.trace.models.masterdata import MasterDataElement
from foodtrace.trace.models.sequence import IdSequence

__all__ = ["CaptureJob", "Event", "EventHash", "EventIdentifier", "EventParty", "EventTransaction", "IdSequence",
           "MasterDataElement", "TraceEdge"]
