"""Verified email addresses: what buying, using the studio and posting require.

``email_verified_required`` guards HTML views; ``accounts.api.permissions.IsEmailVerified``
guards API views. Both ask ``user_email_verified``.
"""

from functools import wraps

from allauth.account.internal.flows.email_verification import send_verification_email_for_user
from allauth.account.models import EmailAddress
from django.contrib.auth.decorators import login_required
from django.shortcuts import render


def user_email_verified(user) -> bool:
    """Return whether the address the user logs in with has been verified."""
    if not getattr(user, "is_authenticated", False):
        return False
    return EmailAddress.objects.filter(user_id=user.pk, email__iexact=user.email, verified=True).exists()


def email_verified_required(view_func):
    """Let only signed-in users with a verified email address through.

    Anonymous visitors go to the login page; a signed-in user whose address is
    not verified gets a new verification email (allauth rate-limits it) and a
    page that explains why, with status 403.
    """

    @wraps(view_func)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not user_email_verified(request.user):
            send_verification_email_for_user(request, request.user)
            return render(request, "account/verified_email_required.html", status=403)
        return view_func(request, *args, **kwargs)

    return wrapper
