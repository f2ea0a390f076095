"""Two-factor authentication: set up an authenticator app, verify codes, backup codes, disable.

Every code check counts against one limit: at most ``FAILURE_LIMIT`` wrong codes
(or wrong passwords on the disable form) per user in each window of
``FAILURE_WINDOW`` seconds, counted in the cache, on top of django-otp's own
per-device back-off kept in the database (which still holds if the cache is
down). Devices are locked (``select_for_update``) while a code is checked, so
one code is never accepted twice, even by two requests at the same instant.
"""

import time
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import BackupCodeDevice, SecurityEvent, User
from accounts.models.user import new_session_stamp
from accounts.twofactor.errors import (
    PasswordInvalid,
    TwoFactorAlreadyEnabled,
    TwoFactorCodeInvalid,
    TwoFactorNotEnabled,
    TwoFactorThrottled,
)
from accounts.twofactor.selectors import twofactor_is_enabled

from .audit import security_event_record

FAILURE_LIMIT = 5
FAILURE_WINDOW = 5 * 60
TOTP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"


@dataclass(frozen=True)
class TwoFactorEnabled:
    """The confirmed authenticator and the backup codes, in clear this one time."""

    device: TOTPDevice
    backup_codes: list[str]


def twofactor_setup_start(*, user: User) -> TOTPDevice:
    """Return the unconfirmed authenticator whose secret the set-up page shows (created on first call)."""
    if twofactor_is_enabled(user=user):
        raise TwoFactorAlreadyEnabled()
    device = TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)


def twofactor_setup_confirm(*, user: User, code: str, request: HttpRequest | None = None) -> TwoFactorEnabled:
    """Turn 2FA on once the app gives a right first code; create the backup codes and end other sessions."""
    _throttle_check(user=user, request=request)
    with transaction.atomic():
        if twofactor_is_enabled(user=user):
            raise TwoFactorAlreadyEnabled()
        device = TOTPDevice.objects.select_for_update().filter(user_id=user.pk, confirmed=False).order_by("pk").first()
        if device is not None and _totp_verify(device, code):
            _failures_reset(user=user)
            return _twofactor_enable(user=user, device=device, request=request)
    _failure_record(user=user, request=request, action="setup")
    raise TwoFactorCodeInvalid()


def twofactor_verify(*, user: User, code: str, request: HttpRequest | None = None) -> Device:
    """Return the device that accepts ``code`` (authenticator app or backup code), or refuse it."""
    return _code_check(user=user, code=code, request=request, action="login")


def twofactor_backup_codes_regenerate(*, user: User, code: str, request: HttpRequest | None = None) -> list[str]:
    """Replace the backup codes (the old ones stop working) and return the new ones in clear."""
    if not twofactor_is_enabled(user=user):
        raise TwoFactorNotEnabled()
    _code_check(user=user, code=code, request=request, action="regenerate")
    with transaction.atomic():
        codes = _backup_device_for(user).codes_replace()
        _session_stamp_rotate(user)
        security_event_record(type=SecurityEvent.Type.BACKUP_CODES_REGENERATED, user=user, request=request)
    return codes


def twofactor_disable(*, user: User, password: str, code: str, request: HttpRequest | None = None) -> None:
    """Turn 2FA off, given the password and a current code; end the user's other sessions."""
    if not twofactor_is_enabled(user=user):
        raise TwoFactorNotEnabled()
    _throttle_check(user=user, request=request)
    if not user.check_password(password):
        _failure_record(user=user, request=request, action="disable_password")
        raise PasswordInvalid()
    _code_check(user=user, code=code, request=request, action="disable")
    with transaction.atomic():
        TOTPDevice.objects.filter(user_id=user.pk).delete()
        BackupCodeDevice.objects.filter(user_id=user.pk).delete()
        _session_stamp_rotate(user)
        security_event_record(type=SecurityEvent.Type.TWO_FACTOR_DISABLED, user=user, request=request)


def _twofactor_enable(*, user: User, device: TOTPDevice, request: HttpRequest | None) -> TwoFactorEnabled:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).delete()
    codes = _backup_device_for(user).codes_replace()
    _session_stamp_rotate(user)
    security_event_record(type=SecurityEvent.Type.TWO_FACTOR_ENABLED, user=user, request=request)
    return TwoFactorEnabled(device=device, backup_codes=codes)


def _code_check(*, user: User, code: str, request: HttpRequest | None, action: str) -> Device:
    """Return the device that accepted ``code``; count a wrong code against the user's limit."""
    _throttle_check(user=user, request=request)
    device = _device_verify(user=user, code=code)
    if device is None:
        _failure_record(user=user, request=request, action=action)
        raise TwoFactorCodeInvalid()
    _failures_reset(user=user)
    if isinstance(device, BackupCodeDevice):
        details = {"action": action, "remaining": device.codes_remaining()}
        security_event_record(type=SecurityEvent.Type.BACKUP_CODE_USED, user=user, request=request, details=details)
    return device


@transaction.atomic
def _device_verify(*, user: User, code: str) -> Device | None:
    """Check a 6-digit code against the locked authenticator row, anything else against the backup codes."""
    token = "".join(str(code).split())
    if token.isdigit():
        device = TOTPDevice.objects.select_for_update().filter(user_id=user.pk, confirmed=True).order_by("pk").first()
        return device if device is not None and _totp_verify(device, token) else None
    backup = BackupCodeDevice.objects.filter(user_id=user.pk, confirmed=True).order_by("pk").first()
    return backup if backup is not None and backup.verify_token(token) else None


def _totp_verify(device: TOTPDevice, token: str) -> bool:
    """Verify on a row the caller has locked; django-otp's back-off (1, 2, 4... s) refuses early retries."""
    if not device.verify_is_allowed()[0]:
        raise TwoFactorThrottled(_("Wait a few seconds before trying another code."))
    return device.verify_token("".join(str(token).split()))


def _backup_device_for(user: User) -> BackupCodeDevice:
    device = BackupCodeDevice.objects.filter(user_id=user.pk).order_by("pk").first()
    return device or BackupCodeDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)


def _session_stamp_rotate(user: User) -> None:
    """End every session of the user: the view keeps its own with update_session_auth_hash."""
    user.session_stamp = new_session_stamp()
    user.save(update_fields=["session_stamp"])


def _failures_key(user: User) -> str:
    """Name the user's counter of the current window (windows follow the clock, like django-ratelimit's)."""
    return f"twofactor:failures:{user.pk}:{int(time.time() // FAILURE_WINDOW)}"


def _throttle_check(*, user: User, request: HttpRequest | None) -> None:
    if (cache.get(_failures_key(user)) or 0) >= FAILURE_LIMIT:
        details = {"limit": "twofactor", "window": FAILURE_WINDOW}
        security_event_record(type=SecurityEvent.Type.RATE_LIMITED, user=user, request=request, details=details)
        raise TwoFactorThrottled()


def _failure_record(*, user: User, request: HttpRequest | None, action: str) -> None:
    """Count a wrong code in the current window, and log it."""
    key = _failures_key(user)
    cache.add(key, 0, timeout=FAILURE_WINDOW)
    try:
        cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=FAILURE_WINDOW)
    security_event_record(
        type=SecurityEvent.Type.TWO_FACTOR_FAILURE, user=user, request=request, details={"action": action}
    )


def _failures_reset(*, user: User) -> None:
    cache.delete(_failures_key(user))
