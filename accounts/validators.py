"""Validators shared by the account forms and the API serializers."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_PHONE_RE = re.compile(r"^\+?[0-9 ().-]{6,24}$")
_COUNTRY_RE = re.compile(r"^[A-Z]{2}$")


def validate_phone(value: str) -> None:
    """Accept a phone number written with digits, spaces, dots, dashes, brackets and a leading +."""
    digits = sum(char.isdigit() for char in value)
    if value and (not _PHONE_RE.match(value) or not 6 <= digits <= 15):
        raise ValidationError(_("Enter a valid phone number, e.g. +33 6 12 34 56 78."), code="invalid_phone")


def validate_country(value: str) -> None:
    """Accept a two-letter ISO 3166-1 country code in capitals."""
    if not _COUNTRY_RE.match(value):
        raise ValidationError(_("Enter a two-letter country code, e.g. FR."), code="invalid_country")
