"""Reads of two-factor state: is it on for a user, is a session verified."""

from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import BackupCodeDevice, User


def totp_device_get_confirmed(*, user: User) -> TOTPDevice | None:
    """Return the user's confirmed authenticator app, if any."""
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).order_by("pk").first()


def backup_device_get(*, user: User) -> BackupCodeDevice | None:
    return BackupCodeDevice.objects.filter(user_id=user.pk).order_by("pk").first()


def twofactor_is_enabled(*, user: User) -> bool:
    """Say whether the user must give a second factor: they have a confirmed authenticator app."""
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        return False
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()


def session_device_is_valid(*, user: User, persistent_id: str | None) -> bool:
    """Say whether a session's OTP device id names a confirmed device of ``user`` (what django-otp checks)."""
    if not persistent_id:
        return False
    device = Device.from_persistent_id(persistent_id)
    return device is not None and device.user_id == user.pk and device.confirmed
