from django.db import models
from django.utils.translation import gettext_lazy as _

from foodtrace.regions.scoping import ScopedManager
from foodtrace.trace.models.fields import JSONTextField


class MasterDataElement(models.Model):
    """One vocabulary element of a captured document's master data (EPCIS 2.0 §9.4, epcisHeader).

    Kept per capture, not merged into one shared record: master data is what the capturing party asserts
    about a location, product or party, and one business must not rewrite what another said of the same
    ID. The answer to a master-data query is the newest assertion the asker's scope can see.
    """

    capture_job = models.ForeignKey("trace.CaptureJob", on_delete=models.PROTECT, related_name="master_data")
    # e.g. urn:epcglobal:epcis:vtype:BusinessLocation
    vocabulary_type = models.CharField(_("vocabulary"), max_length=300)
    element_id = models.CharField(_("element ID"), max_length=500)  # as sent
    element_key = models.CharField(max_length=500)  # canonical identifier key: an EPC URN and a Digital Link match
    attributes = JSONTextField(default=list)  # [{"id": URI, "attribute": value}, …] as sent
    children = JSONTextField(default=list)  # child element IDs as sent
    # Whose assertion it is, from the capturing principal (the same scoping as the capture job).
    business = models.ForeignKey("registry.Business", on_delete=models.PROTECT, null=True, blank=True,
                                 db_index=False, related_name="+")
    district = models.ForeignKey("regions.Region", on_delete=models.PROTECT, null=True, blank=True,
                                 db_index=False, related_name="+")

    objects = ScopedManager()
    scope_district_path = "district"
    scope_business_path = "business"
    scope_kind_path = "business__kind"
    audit_skip = True  # written in bulk with its capture job, whose audit entry counts it

    class Meta:
        verbose_name = _("master data element")
        verbose_name_plural = _("master data elements")
        # The query takes the newest row (highest id) per vocabulary and key; EQ_name alone uses the key's
        # own index. When it was captured is its capture job's created_at.
        indexes = [models.Index(fields=["vocabulary_type", "element_key", "id"]),
                   models.Index(fields=["element_key"])]

    def __str__(self):
        return f"{self.vocabulary_type} {self.element_id}"
