"""Forms of the two-factor pages."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models.twofactor import CODE_COUNT


class CodeForm(forms.Form):
    """One code: 6 digits from the authenticator app, or a backup code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The 6-digit code from your authenticator app, or one of your backup codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class TotpConfirmForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=12,
        help_text=_("Enter the 6-digit code your app shows now."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class DisableForm(CodeForm):
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    field_order = ["password", "code"]


_BACKUP_CODE_RE = re.compile(r"^[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$")


def backup_codes_clean(values: list[str]) -> list[str] | None:
    """Return posted backup codes if they look like a set of ours (the download only echoes them), else None."""
    if not values or len(values) > CODE_COUNT or not all(_BACKUP_CODE_RE.match(value) for value in values):
        return None
    return values
