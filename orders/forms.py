"""Forms of checkout: a postal address (shared by the page, the API and order placement) and the page's choices."""

import re
import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.validators import validate_country, validate_phone

ADDRESS_FIELDS = ("full_name", "company", "line1", "line2", "postal_code", "city", "country", "phone")
NEW_ADDRESS = "new"
_FRENCH_POSTAL_CODE = re.compile(r"^\d{5}$")


class AddressForm(forms.Form):
    """A postal address as an order keeps it: full_name, company, line1, line2, postal_code, city, country, phone."""

    full_name = forms.CharField(
        label=_("Full name"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    company = forms.CharField(
        label=_("Company"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    line1 = forms.CharField(
        label=_("Address"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "address-line1"})
    )
    line2 = forms.CharField(
        label=_("Address (continued)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-line2"}),
    )
    postal_code = forms.CharField(
        label=_("Postal code"), max_length=16, widget=forms.TextInput(attrs={"autocomplete": "postal-code"})
    )
    city = forms.CharField(
        label=_("City"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "address-level2"})
    )
    country = forms.CharField(
        label=_("Country"),
        max_length=2,
        initial="FR",
        help_text=_("Two-letter code, e.g. FR."),
        widget=forms.TextInput(attrs={"autocomplete": "country", "size": 2}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=32,
        required=False,
        validators=[validate_phone],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )

    def clean_country(self) -> str:
        country = self.cleaned_data["country"].strip().upper()
        validate_country(country)
        return country

    def clean(self) -> dict:
        cleaned = super().clean()
        code = cleaned.get("postal_code", "").strip()
        if cleaned.get("country") == "FR" and code and not _FRENCH_POSTAL_CODE.match(code):
            self.add_error("postal_code", _("A French postal code has five digits."))
        return cleaned

    def snapshot(self) -> dict[str, str]:
        """Return the cleaned address as the order stores it (every key present)."""
        return {name: self.cleaned_data.get(name, "").strip() for name in ADDRESS_FIELDS}


def address_snapshot_of(address) -> dict[str, str]:
    """Copy a saved ``accounts.Address`` into the dict an order keeps."""
    return {name: getattr(address, name) or "" for name in ADDRESS_FIELDS}


def _address_choices(addresses) -> list[tuple[str, str]]:
    return [(str(address.pk), str(address)) for address in addresses] + [(NEW_ADDRESS, _("A new address"))]


class CheckoutForm(forms.Form):
    """The checkout page's choices; the new addresses are two ``AddressForm``s (prefixes ``shipping``, ``billing``)."""

    email = forms.EmailField(label=_("Email"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    shipping_choice = forms.ChoiceField(label=_("Delivery address"), widget=forms.RadioSelect, required=False)
    billing_same = forms.BooleanField(label=_("Bill to the delivery address"), required=False, initial=True)
    billing_choice = forms.ChoiceField(label=_("Billing address"), widget=forms.RadioSelect, required=False)
    shipping_method = forms.ChoiceField(label=_("Delivery method"), widget=forms.RadioSelect, required=False)
    checkout_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    expected_total = forms.DecimalField(widget=forms.HiddenInput, required=False, max_digits=12, decimal_places=2)

    def __init__(self, *args, addresses=(), shipping_options=(), **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("checkout_key", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)
        self.addresses = {str(address.pk): address for address in addresses}
        for name in ("shipping_choice", "billing_choice"):
            self.fields[name].choices = _address_choices(addresses)
        self.fields["shipping_method"].choices = [(option.method, option.label) for option in shipping_options]

    def saved_address(self, name: str):
        """Return the saved address chosen in ``name`` (``shipping_choice``/``billing_choice``), None for a new one."""
        return self.addresses.get(self.cleaned_data.get(name) or NEW_ADDRESS)
