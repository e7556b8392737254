from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from foodtrace.fields import EncryptedTextField
from foodtrace.i18n import localized
from foodtrace.identifiers import IdentifierError, parse_uscc
from foodtrace.regions.scoping import ScopedManager


class BusinessKind(models.TextChoices):
    """The nine kinds of business the plan brings into tracing (工作目标)."""

    FARM_BASE = "farm_base", _("Planting / breeding base")  # 规模化种养殖基地
    PRODUCER = "producer", _("Food producer")  # 食品生产企业
    SLAUGHTERHOUSE = "slaughterhouse", _("Slaughterhouse")  # 屠宰企业
    WHOLESALE_MARKET = "wholesale_market", _("Wholesale market")  # 大型食品批发市场
    FARMERS_MARKET = "farmers_market", _("Farmers' market")  # 大型农贸市场
    SUPERMARKET = "supermarket", _("Supermarket")  # 大型超市
    DISTRIBUTOR = "distributor", _("Distributor")  # 规模以上食品流通企业
    CATERING = "catering", _("Catering business")  # 餐饮企业
    CANTEEN = "canteen", _("Group canteen")  # 团体消费单位 (schools, hospitals, factories)


# The link (环节) of the chain each kind works in.
LINK_OF_KIND = {
    BusinessKind.FARM_BASE: "production",
    BusinessKind.PRODUCER: "processing",
    BusinessKind.SLAUGHTERHOUSE: "processing",
    BusinessKind.WHOLESALE_MARKET: "circulation",
    BusinessKind.FARMERS_MARKET: "circulation",
    BusinessKind.SUPERMARKET: "circulation",
    BusinessKind.DISTRIBUTOR: "circulation",
    BusinessKind.CATERING: "consumption",
    BusinessKind.CANTEEN: "consumption",
}


class Business(models.Model):
    class Status(models.TextChoices):
        OPERATING = "operating", _("Operating")
        SUSPENDED = "suspended", _("Suspended")
        CLOSED = "closed", _("Closed")

    uscc = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    # GB 32100 check character; some real codes fail it, so they are flagged, not refused.
    uscc_check_ok = models.BooleanField(_("check character valid"), default=True)
    name = models.CharField(_("name"), max_length=200, db_index=True)
    kind = models.CharField(_("kind"), max_length=24, choices=BusinessKind.choices, db_index=True)
    district = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="businesses",
                                 verbose_name=_("district"))
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    market = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="stalls",
                               verbose_name=_("market"),
                               help_text=_("For a stall holder: the market it trades in."))
    legal_representative = EncryptedTextField(_("legal representative"), blank=True)
    contact_name = EncryptedTextField(_("contact person"), blank=True)
    contact_phone = EncryptedTextField(_("contact phone"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPERATING)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedManager()
    scope_district_path = "district"
    scope_business_path = "pk"
    scope_kind_path = "kind"

    class Meta:
        ordering = ["name"]
        verbose_name = _("business")
        verbose_name_plural = _("businesses")
        permissions = [("import_registry", "Can import businesses, licences and products from a file")]
        indexes = [models.Index(fields=["district", "kind"])]

    def __str__(self):
        return self.name

    @property
    def link(self) -> str:
        return LINK_OF_KIND[self.kind]

    def clean(self):
        super().clean()
        try:
            info = parse_uscc(self.uscc)
        except IdentifierError as exc:
            raise ValidationError({"uscc": localized(exc)}) from exc
        self.uscc, self.uscc_check_ok = info.code, info.check_ok
        if self.district_id and self.district.level != "district":
            raise ValidationError({"district": _("Choose a district or county, not the city.")})
        if self.market_id and self.market.kind not in (BusinessKind.WHOLESALE_MARKET, BusinessKind.FARMERS_MARKET):
            raise ValidationError({"market": _("A stall holder's market must be a wholesale or farmers' market.")})
