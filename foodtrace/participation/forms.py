"""Forms of the public pages and of the regulators' pages. The check question and the photos are rendered and
read by the views (abuse.py); the services repeat every check, so the API and other callers get the same."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from foodtrace.participation.models import COMMENT_MAX, DESCRIPTION_MAX, REPLY_MAX, ReportCategory
from foodtrace.regions.models import Region


def star_choices():
    return [(n, ngettext("%(n)d star", "%(n)d stars", n) % {"n": n}) for n in range(5, 0, -1)]


class RatingForm(forms.Form):
    code = forms.CharField(label=_("Trace code"), max_length=300, required=False)
    product = forms.IntegerField(required=False, widget=forms.HiddenInput)
    stars = forms.TypedChoiceField(label=_("Your rating"), choices=star_choices, coerce=int, widget=forms.RadioSelect,
                                   error_messages={"required": _("Choose from 1 to 5 stars."),
                                                   "invalid_choice": _("Choose from 1 to 5 stars.")})
    comment = forms.CharField(
        label=_("Comment (optional, shown after review)"), required=False, max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_MAX}),
        error_messages={"max_length": _("At most %(limit_value)d characters (you wrote %(show_value)d).")})
    next = forms.CharField(required=False, widget=forms.HiddenInput)


def district_choices():
    rows = Region.objects.filter(level=Region.Level.DISTRICT).order_by("code").values_list("code", "name")
    return [("", _("— not sure —")), *rows]


class ReportForm(forms.Form):
    code = forms.CharField(label=_("Trace code (optional)"), max_length=300, required=False,
                           help_text=_("Printed under the QR code on the label, e.g. T followed by 15 characters."))
    product_name = forms.CharField(label=_("Product name"), max_length=200, required=False)
    category = forms.ChoiceField(label=_("What is wrong?"), choices=ReportCategory.choices,
                                 widget=forms.RadioSelect,
                                 error_messages={"required": _("Choose what is wrong.")})
    description = forms.CharField(
        label=_("Describe the problem"), max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": DESCRIPTION_MAX}),
        error_messages={"required": _("Describe the problem in at least 5 characters."),
                        "max_length": _("At most %(limit_value)d characters (you wrote %(show_value)d).")})
    seller_name = forms.CharField(label=_("Where did you buy it? Business name or market stall"), max_length=200,
                                  required=False)
    seller_district = forms.ChoiceField(label=_("District where you bought it"), required=False, choices=())
    contact_name = forms.CharField(label=_("Your name (optional)"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("Your phone number (optional)"), max_length=20, required=False,
                                    widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seller_district"].choices = district_choices()


class LookupForm(forms.Form):
    tracking = forms.CharField(label=_("Tracking number"), max_length=20,
                               widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}))
    check = forms.CharField(label=_("Check code (6 characters)"), max_length=6, min_length=6,
                            widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}))


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("Reply to the reporter (shown on the status page)"), max_length=REPLY_MAX,
                           widget=forms.Textarea(attrs={"rows": 4}))


class CloseForm(forms.Form):
    note = forms.CharField(label=_("Closing note (shown on the status page)"), max_length=REPLY_MAX, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
