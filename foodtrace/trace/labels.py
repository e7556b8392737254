"""Words for people: CBV business steps, dispositions and trace steps in the UI language (Chinese first)."""

from django.utils.translation import gettext_lazy as _

BIZ_STEPS = {
    "commissioning": _("produced / coded"), "shipping": _("shipped"), "receiving": _("received"),
    "accepting": _("accepted"), "repackaging": _("split / repacked"), "packing": _("packed"),
    "unpacking": _("unpacked"), "retail_selling": _("sold"), "storing": _("stored"), "inspecting": _("inspected"),
    "destroying": _("destroyed"), "urn:foodtrace:bizstep:consuming": _("used in the kitchen"),
    "harvesting": _("harvested"), "slaughtering": _("slaughtered"),
}
EDGE_KINDS = {"transformed-into": _("transformed into"), "split-into": _("split into"),
              "contained-in": _("packed into"), "shipped-to": _("shipped to")}


def biz_step(value: str) -> str:
    return str(BIZ_STEPS.get(value, value))
