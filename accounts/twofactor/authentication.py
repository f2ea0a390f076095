"""DRF authentication: the site session counts only once the second factor is given.

A personal API token is a credential of its own: it can only be created from a
verified session (the token page is behind the same enforcement), is stored
hashed and can be revoked, so token requests are not asked for a code. A
session request from a 2FA user whose session is password-only is refused
with 401 ``otp_required``, even on endpoints open to anonymous visitors.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import SessionScheme
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication

from .selectors import twofactor_is_enabled


class OTPRequired(exceptions.AuthenticationFailed):
    default_detail = _("Two-factor authentication required: finish signing in with your code.")
    default_code = "otp_required"


class OTPSessionAuthentication(SessionAuthentication):
    """Session authentication (with CSRF) that refuses a password-only session of a 2FA user."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        is_verified = getattr(user, "is_verified", None)
        if not (is_verified and is_verified()) and twofactor_is_enabled(user=user):
            raise OTPRequired()
        return result


class OTPSessionScheme(SessionScheme):
    """Describe the session in the OpenAPI schema as drf-spectacular does for DRF's own class."""

    target_class = "accounts.twofactor.authentication.OTPSessionAuthentication"
