"""Forms of the account pages, and the sign-up form that allauth uses (``ACCOUNT_FORMS``)."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .avatars import AVATAR_FORMATS
from .models import Address
from .preferences import CHANNELS, notification_kinds_for, notification_preference
from .validators import validate_country, validate_phone


class SignupForm(AllauthSignupForm):
    """allauth's email + password sign-up, plus the acceptance of the terms."""

    field_order = ["email", "password1", "password2", "accept_terms"]

    accept_terms = forms.BooleanField(
        required=True,
        error_messages={"required": _("You must accept the terms of sale and the privacy policy.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accept_terms"].label = format_html(
            gettext('I accept the <a href="{terms}">terms of sale</a> and the <a href="{privacy}">privacy policy</a>'),
            terms=reverse("terms"),
            privacy=reverse("privacy"),
        )


class ProfileForm(forms.Form):
    """What a user may change about themself on the account page."""

    display_name = forms.CharField(label=_("Display name"), max_length=80, required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=32,
        required=False,
        validators=[validate_phone],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    preferred_language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    avatar = forms.FileField(
        label=_("Avatar"),
        required=False,
        help_text=_("JPEG, PNG, GIF or WebP, up to 2 MB; it is cropped to a square."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f"image/{f.lower()}" for f in AVATAR_FORMATS)}),
    )
    remove_avatar = forms.BooleanField(label=_("Remove my avatar"), required=False)


class NotificationPreferencesForm(forms.Form):
    """One checkbox per kind of notification and channel (site, email)."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = notification_kinds_for(user)
        for kind in self.kinds:
            current = notification_preference(user, kind.name)
            for channel in CHANNELS:
                if channel == "site" and kind.email_only:
                    continue  # nothing of this kind is shown on the site: no box to tick
                locked = channel == "email" and kind.email_locked
                self.fields[f"{kind.name}-{channel}"] = forms.BooleanField(
                    label=f"{kind.label} ({gettext('on the site') if channel == 'site' else gettext('by email')})",
                    required=False,
                    initial=current[channel],
                    disabled=locked,
                )

    def rows(self):
        """Yield ``(kind, site_field, email_field)`` for the table of the template (no site field: None)."""
        for kind in self.kinds:
            site = None if kind.email_only else self[f"{kind.name}-site"]
            yield kind, site, self[f"{kind.name}-email"]

    def preferences(self) -> dict[str, dict[str, bool]]:
        """Return the submitted choices as ``{kind: {"site": bool, "email": bool}}``."""
        return {
            kind.name: {
                channel: self.cleaned_data[f"{kind.name}-{channel}"]
                for channel in CHANNELS
                if f"{kind.name}-{channel}" in self.cleaned_data
            }
            for kind in self.kinds
        }


class AddressForm(forms.ModelForm):
    """A postal address; the defaults are set with their own buttons."""

    class Meta:
        model = Address
        fields = ["label", "full_name", "company", "line1", "line2", "postal_code", "city", "country", "phone"]
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "company": forms.TextInput(attrs={"autocomplete": "organization"}),
            "line1": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "line2": forms.TextInput(attrs={"autocomplete": "address-line2"}),
            "postal_code": forms.TextInput(attrs={"autocomplete": "postal-code"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "country": forms.TextInput(attrs={"autocomplete": "country", "size": 2}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].validators.append(validate_phone)

    def clean_country(self) -> str:
        country = self.cleaned_data["country"].strip().upper()
        validate_country(country)
        return country


class ApiTokenForm(forms.Form):
    """Name a new personal API token and choose how long it lives."""

    EXPIRY_CHOICES = [("30", _("30 days")), ("90", _("90 days")), ("365", _("1 year")), ("", _("Never"))]

    name = forms.CharField(label=_("Token name"), max_length=80, help_text=_("e.g. Backup script"))
    expires_in_days = forms.TypedChoiceField(
        label=_("Expires after"), choices=EXPIRY_CHOICES, coerce=int, empty_value=None, initial="90", required=False
    )


class AccountDeleteForm(forms.Form):
    """Deleting an account needs the current password."""

    password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
