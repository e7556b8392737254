"""The page forms: a ledger file, one quick entry, one certificate file."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from foodtrace.registry.models import Product

from .models import AttachmentKind, LedgerKind
from .units import UNIT_CHOICES


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Which ledger"), choices=LedgerKind.choices)
    file = forms.FileField(label=_("File (.xlsx or .csv)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}))


class _Big:
    """Phone-sized inputs: the keyboard that fits the field, no zoom on focus (font ≥ 16 px in the CSS)."""

    text = {"autocomplete": "off", "autocapitalize": "characters"}
    number = {"inputmode": "decimal", "autocomplete": "off"}


class QuickEntryForm(forms.Form):
    direction = forms.ChoiceField(label=_("Purchase or sale"), widget=forms.RadioSelect,
                                  choices=[(LedgerKind.PURCHASES, _("Purchase (goods in)")),
                                           (LedgerKind.SALES, _("Sale (goods out)"))],
                                  initial=LedgerKind.PURCHASES)
    recent_party = forms.ChoiceField(label=_("Recent supplier or customer"), required=False)
    party_uscc = forms.CharField(label=_("…or their unified social credit code"), required=False, max_length=40,
                                 widget=forms.TextInput(attrs=_Big.text))
    party_name = forms.CharField(label=_("Their name"), required=False, max_length=200)
    product = forms.ModelChoiceField(label=pgettext_lazy("ledger", "Product"), queryset=Product.objects.none(),
                                     required=False, empty_label="—")
    gtin = forms.CharField(label=_("…or the barcode (GTIN)"), required=False, max_length=20,
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    lot = forms.CharField(label=pgettext_lazy("ledger", "Lot code"), required=False, max_length=40,
                          help_text=_("Empty for a purchase: the platform issues a new lot code and shows it."),
                          widget=forms.TextInput(attrs=_Big.text))
    recent_lot = forms.ChoiceField(label=_("…or a lot you received"), required=False)
    quantity = forms.DecimalField(label=pgettext_lazy("ledger", "Quantity"), min_value=0, max_digits=14,
                                  decimal_places=3,
                                  widget=forms.NumberInput(attrs={**_Big.number, "step": "any", "min": "0"}))
    unit = forms.ChoiceField(label=pgettext_lazy("ledger", "Unit"), choices=UNIT_CHOICES, initial=UNIT_CHOICES[0][0])
    time = forms.DateTimeField(label=_("Date and time"),
                               widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                          format="%Y-%m-%dT%H:%M"))
    document_kind = forms.ChoiceField(label=pgettext_lazy("ledger", "Certificate"), choices=AttachmentKind.choices,
                                      initial=AttachmentKind.QUARANTINE_CERT)
    document_number = forms.CharField(label=_("Certificate number"), required=False, max_length=64,
                                      widget=forms.TextInput(attrs=_Big.text))
    file = forms.FileField(label=_("Photo or PDF of the certificate"), required=False,
                           # No "capture" attribute: phones then offer the camera and the files (a PDF) alike.
                           widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}))

    def __init__(self, *args, products=None, parties=(), lots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products if products is not None else Product.objects.none()
        self.fields["recent_party"].choices = [("", "—")] + [
            (p.uscc, f"{p.name} ({p.uscc})" if p.name else p.uscc) for p in parties]
        self.fields["recent_lot"].choices = [("", "—")] + [(lot.code, lot.label) for lot in lots]
        if not self.is_bound:
            self.initial.setdefault("time", timezone.localtime().replace(second=0, microsecond=0))

    def clean(self):
        data = super().clean()
        if not data.get("party_uscc") and not data.get("recent_party"):
            self.add_error("party_uscc", _("Choose a recent supplier or customer, or type their code."))
        if not data.get("product") and not data.get("gtin"):
            self.add_error("product", _("Choose the product, or type its barcode."))
        quantity = data.get("quantity")
        if quantity is not None and quantity <= 0:
            self.add_error("quantity", _("The quantity must be more than 0."))
        return data


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=AttachmentKind.choices)
    document_number = forms.CharField(label=_("Document number"), required=False, max_length=64)
    lot = forms.CharField(label=pgettext_lazy("ledger", "Lot code"), required=False, max_length=300,
                          help_text=_("A platform lot code (T…) or a GS1 Digital Link of the lot."))
    file = forms.FileField(label=_("Photo or PDF"),
                           widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}))
    # Set by the upload page's form: the file belongs to that upload (and, if given, one of its rows).
    upload = forms.IntegerField(required=False, widget=forms.HiddenInput)
    row = forms.IntegerField(label=_("Row of the file"), required=False, min_value=2)
