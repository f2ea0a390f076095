"""Error codes of two-factor authentication."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from webox.common.errors import ApplicationError, Conflict


class TwoFactorErrorCode(StrEnum):
    CODE_INVALID = "otp_invalid"
    THROTTLED = "otp_throttled"
    ALREADY_ENABLED = "otp_already_enabled"
    NOT_ENABLED = "otp_not_enabled"
    PASSWORD_INVALID = "password_invalid"
    REQUIRED = "otp_required"


class TwoFactorCodeInvalid(ApplicationError):
    """The code is wrong, expired or already used."""

    default_code = TwoFactorErrorCode.CODE_INVALID

    def __init__(self, message=None, **kwargs):
        super().__init__(message or _("This code is not valid. Check your app and try again."), **kwargs)


class TwoFactorThrottled(ApplicationError):
    """Too many wrong codes in the window: wait before trying again."""

    status_code = 429
    default_code = TwoFactorErrorCode.THROTTLED

    def __init__(self, message=None, **kwargs):
        super().__init__(message or _("Too many wrong codes. Wait a few minutes and try again."), **kwargs)


class TwoFactorAlreadyEnabled(Conflict):
    default_code = TwoFactorErrorCode.ALREADY_ENABLED

    def __init__(self, message=None, **kwargs):
        super().__init__(message or _("Two-factor authentication is already enabled."), **kwargs)


class TwoFactorNotEnabled(Conflict):
    default_code = TwoFactorErrorCode.NOT_ENABLED

    def __init__(self, message=None, **kwargs):
        super().__init__(message or _("Two-factor authentication is not enabled."), **kwargs)


class PasswordInvalid(ApplicationError):
    default_code = TwoFactorErrorCode.PASSWORD_INVALID

    def __init__(self, message=None, **kwargs):
        super().__init__(message or _("This password is not correct."), **kwargs)
