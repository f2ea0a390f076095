"""DRF permissions of accounts, for the API views of every app."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from accounts.errors import AccountsErrorCode
from accounts.verification import user_email_verified


class IsEmailVerified(BasePermission):
    """Allow signed-in users whose login address is verified (buying, the AI studio, posting)."""

    message = _("Verify your email address first.")
    code = AccountsErrorCode.EMAIL_NOT_VERIFIED

    def has_permission(self, request, view) -> bool:
        return user_email_verified(request.user)
