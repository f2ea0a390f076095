"""What staff do to an account from the back office: deactivate it, reset its 2FA, resend the verification.

Each change is recorded in the security audit log with the staff member who
made it, and ends the user's sessions where access changes.
"""

from allauth.account.internal.flows.email_verification import send_verification_email_for_user
from django.db import transaction
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import BackupCodeDevice, SecurityEvent, User
from accounts.models.user import new_session_stamp
from accounts.verification import user_email_verified

from .audit import security_event_record


def _by_staff(actor: User, action: str) -> dict:
    return {"action": action, "staff_id": actor.pk, "staff_email": actor.email}


def user_deactivate(*, user: User, actor: User, request: HttpRequest | None = None) -> bool:
    """Stop ``user`` from logging in and end their sessions; return False when already inactive."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if not user.is_active:
            return False
        user.is_active = False
        user.session_stamp = new_session_stamp()
        user.save(update_fields=["is_active", "session_stamp"])
        security_event_record(
            type=SecurityEvent.Type.STAFF_CHANGE,
            user=user,
            request=request,
            details={**_by_staff(actor, "deactivated"), "fields": ["is_active"]},
        )
    return True


def user_twofactor_reset(*, user: User, actor: User, request: HttpRequest | None = None) -> bool:
    """Remove the user's authenticator and backup codes (lost phone) and end their sessions.

    The user sets 2FA up again at their next login if their role requires it.
    Return False when the user had no device.
    """
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        deleted = TOTPDevice.objects.filter(user_id=user.pk).delete()[0]
        deleted += BackupCodeDevice.objects.filter(user_id=user.pk).delete()[0]
        if not deleted:
            return False
        user.session_stamp = new_session_stamp()
        user.save(update_fields=["session_stamp"])
        security_event_record(
            type=SecurityEvent.Type.TWO_FACTOR_DISABLED,
            user=user,
            request=request,
            details=_by_staff(actor, "2fa_reset"),
        )
    return True


def user_verification_resend(*, user: User, request: HttpRequest) -> bool:
    """Send the user a new email verification link; return False when verified already or rate-limited.

    allauth sends it (its rate limit per address applies) and needs the request
    to build the link.
    """
    if not user.is_active or user_email_verified(user):
        return False
    return send_verification_email_for_user(request, user)
