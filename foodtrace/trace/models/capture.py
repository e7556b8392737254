import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from foodtrace.regions.scoping import ScopedManager
from foodtrace.trace.models.fields import JSONTextField


class CaptureJob(models.Model):
    """One captured document (EPCIS capture job): all of its events are stored, or none."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        SUCCESS = "success", _("Success")
        FAILURE = "failure", _("Failure")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.RUNNING)
    document_format = models.CharField(_("format"), max_length=8)  # json / xml
    event_count = models.PositiveIntegerField(_("events"), default=0)
    new_event_count = models.PositiveIntegerField(_("new events"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The document's own fields besides its events, as sent: id, schemaVersion, creationDate, sender,
    # receiver, instanceIdentifier and epcisHeader (master data, SBDH). Its master data is also kept as
    # rows (MasterDataElement) for queries.
    document_header = JSONTextField(_("document header"), null=True, blank=True)
    # Who captured it: an API client (a business's or department's system) or a person.
    api_client = models.ForeignKey("accounts.ApiClient", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    user = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    district = models.ForeignKey("regions.Region", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    business = models.ForeignKey("registry.Business", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")

    objects = ScopedManager()
    scope_district_path = "district"
    scope_business_path = "business"
    scope_kind_path = "business__kind"

    class Meta:
        verbose_name = _("capture job")
        verbose_name_plural = _("capture jobs")

    def __str__(self):
        return f"{self.id} {self.status}"
