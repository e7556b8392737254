"""Events as sent (full fidelity) and their relational projection for queries and the trace graph.

Partitioning: on PostgreSQL ``trace_event`` and its projection tables are
range-partitioned by event time (see the migration and docs/scaling.md), so
their primary keys include ``event_time``; uniqueness of an event across
partitions is kept by ``EventHash``, which is not partitioned.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from foodtrace.regions.scoping import ScopedManager
from foodtrace.trace.models.fields import JSONTextField


class EventType(models.IntegerChoices):
    OBJECT = 1, "ObjectEvent"
    AGGREGATION = 2, "AggregationEvent"
    TRANSACTION = 3, "TransactionEvent"
    TRANSFORMATION = 4, "TransformationEvent"
    ASSOCIATION = 5, "AssociationEvent"


class Event(models.Model):
    id = models.BigIntegerField(primary_key=True)  # assigned by the capture service (a sequence block)
    event_id = models.CharField(_("event ID"), max_length=300)  # as sent, or the hash ID when none was sent
    event_hash = models.CharField(_("event hash ID"), max_length=128)  # CBV 2.0 ni:///sha-256;…
    event_type = models.PositiveSmallIntegerField(_("type"), choices=EventType.choices)
    event_time = models.DateTimeField(_("event time"))
    event_tz_offset = models.CharField(max_length=6)
    record_time = models.DateTimeField(_("record time"))
    action = models.CharField(max_length=8, blank=True)
    biz_step = models.CharField(max_length=200, blank=True)  # CBV bare word when standard, else the URI
    disposition = models.CharField(max_length=200, blank=True)
    read_point = models.CharField(max_length=300, blank=True)  # canonical identifier key
    biz_location = models.CharField(max_length=300, blank=True)
    parent_key = models.CharField(max_length=300, blank=True)
    transformation_id = models.CharField(max_length=300, blank=True)
    error_declared = models.BooleanField(default=False)
    document = JSONTextField()  # the event exactly as sent (JSON form) — full fidelity
    namespaces = JSONTextField(default=dict)  # extension prefixes used by this event -> IRIs
    # No single-column indexes on these: every index is written at each capture, and events are found by
    # time, place and identifiers; a business's events by the (business, event_time) index below.
    capture_job = models.ForeignKey("trace.CaptureJob", on_delete=models.PROTECT, db_constraint=False,
                                    db_index=False, related_name="+")
    # Whose event it is (scoping); empty when a regulator captured an event no registered business owns.
    business = models.ForeignKey("registry.Business", on_delete=models.PROTECT, db_constraint=False, null=True,
                                 db_index=False, related_name="+")
    district = models.ForeignKey("regions.Region", on_delete=models.PROTECT, db_constraint=False,
                                 db_index=False, related_name="+")

    objects = ScopedManager()
    scope_district_path = "district"
    scope_business_path = "business"
    scope_kind_path = "business__kind"
    audit_skip = True  # captured in bulk; the capture job's audit entry records it

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        permissions = [("export_trace", _("Can export traces (FSMA 204 spreadsheet, trace report)"))]
        indexes = [
            models.Index(fields=["event_time"]),
            models.Index(fields=["record_time"]),
            models.Index(fields=["biz_step", "event_time"]),
            models.Index(fields=["biz_location", "event_time"]),
            models.Index(fields=["read_point", "event_time"]),
            models.Index(fields=["event_id"]),
            models.Index(fields=["business", "event_time"]),
        ]

    def __str__(self):
        return self.event_id


class EventHash(models.Model):
    """Deduplication across partitions: one row per stored event, keyed by its CBV 2.0 hash."""

    event_hash = models.CharField(max_length=128, primary_key=True)  # + "#errorDeclaration" for declarations
    event = models.BigIntegerField()
    event_time = models.DateTimeField()

    audit_skip = True

    class Meta:
        verbose_name = _("event hash")

    def __str__(self):
        return self.event_hash


class EventIdentifier(models.Model):
    """Every identifier an event names, in canonical form, with its role and quantity."""

    class Role(models.IntegerChoices):
        EPC = 1, "epc"
        PARENT = 2, "parent"
        CHILD = 3, "child"
        INPUT = 4, "input"
        OUTPUT = 5, "output"
        QUANTITY = 6, "quantity"
        CHILD_QUANTITY = 7, "childQuantity"
        INPUT_QUANTITY = 8, "inputQuantity"
        OUTPUT_QUANTITY = 9, "outputQuantity"

    id = models.BigAutoField(primary_key=True)
    event = models.ForeignKey(Event, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False,
                              related_name="identifiers")
    event_time = models.DateTimeField()  # partition key, and lets trace queries stay on the index
    role = models.PositiveSmallIntegerField(choices=Role.choices)
    key = models.CharField(max_length=300)  # identifiers.epc canonical key
    kind = models.CharField(max_length=20)
    gtin = models.CharField(max_length=14, blank=True)
    lot_or_serial = models.CharField(max_length=100, blank=True)
    quantity = models.FloatField(null=True)
    uom = models.CharField(max_length=8, blank=True)

    audit_skip = True

    class Meta:
        indexes = [models.Index(fields=["key", "event_time"]), models.Index(fields=["gtin", "lot_or_serial"]),
                   models.Index(fields=["event"])]

    def __str__(self):
        return self.key


class EventTransaction(models.Model):
    """Business transactions (invoices, waybills, quarantine certificates — 索证索票)."""

    id = models.BigAutoField(primary_key=True)
    event = models.ForeignKey(Event, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False,
                              related_name="transactions")
    event_time = models.DateTimeField()
    type = models.CharField(max_length=200, blank=True)
    value = models.CharField(max_length=300)

    audit_skip = True

    class Meta:
        indexes = [models.Index(fields=["value"]), models.Index(fields=["event"])]

    def __str__(self):
        return self.value


class EventParty(models.Model):
    """Sources and destinations (owning/possessing party, location) of an event."""

    class Direction(models.IntegerChoices):
        SOURCE = 1, "source"
        DESTINATION = 2, "destination"

    id = models.BigAutoField(primary_key=True)
    event = models.ForeignKey(Event, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False,
                              related_name="parties")
    event_time = models.DateTimeField()
    direction = models.PositiveSmallIntegerField(choices=Direction.choices)
    type = models.CharField(max_length=200)  # CBV bare word when standard
    key = models.CharField(max_length=300)  # canonical identifier key of the party or location

    audit_skip = True

    class Meta:
        indexes = [models.Index(fields=["key", "event_time"]), models.Index(fields=["event"])]

    def __str__(self):
        return self.key


class TraceEdge(models.Model):
    """One step of the trace graph (顺向追踪、逆向溯源), derived from an event at capture.

    ``from_key`` → ``to_key`` always points downstream: an input lot to what it was transformed into, a lot to
    the smaller lots it was split into (流通追溯码), a lot or unit to the pallet/container it went into, and
    for ``shipped-to`` the sending party to the receiving party, with the goods in ``via_key``. Keys are
    canonical identifier keys (identifiers.epc). Not partitioned by time: a trace follows keys, not dates.
    """

    class Kind(models.IntegerChoices):
        TRANSFORMED_INTO = 1, "transformed-into"
        SPLIT_INTO = 2, "split-into"
        CONTAINED_IN = 3, "contained-in"
        SHIPPED_TO = 4, "shipped-to"

    id = models.BigAutoField(primary_key=True)
    event = models.ForeignKey(Event, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False,
                              related_name="+")
    event_time = models.DateTimeField()
    kind = models.PositiveSmallIntegerField(choices=Kind.choices)
    from_key = models.CharField(max_length=300)
    to_key = models.CharField(max_length=300)
    via_key = models.CharField(max_length=300, blank=True)  # shipped-to: the lot or unit that moved
    quantity = models.FloatField(null=True)
    uom = models.CharField(max_length=8, blank=True)
    # The event's owner, copied so a trace can keep to a principal's scope without joining the events.
    # Filters only (a trace walks from_key/to_key), so not indexed.
    business = models.ForeignKey("registry.Business", on_delete=models.DO_NOTHING, db_constraint=False, null=True,
                                 db_index=False, related_name="+")
    district = models.ForeignKey("regions.Region", on_delete=models.DO_NOTHING, db_constraint=False,
                                 db_index=False, related_name="+")

    objects = ScopedManager()
    scope_district_path = "district"
    scope_business_path = "business"
    scope_kind_path = "business__kind"
    audit_skip = True

    class Meta:
        indexes = [models.Index(fields=["from_key"]), models.Index(fields=["to_key"]),
                   models.Index(fields=["via_key"], condition=models.Q(kind=4), name="trace_edge_shipped_via")]

    def __str__(self):
        return f"{self.from_key} {self.get_kind_display()} {self.to_key}"
