"""Error codes of accounts, raised with the classes of ``webox.common.errors``."""

from enum import StrEnum


class AccountsErrorCode(StrEnum):
    """Why an account operation was refused."""

    INVALID_AVATAR = "invalid_avatar"
    INVALID_PREFERENCES = "invalid_preferences"
    WRONG_PASSWORD = "wrong_password"
    EMAIL_NOT_VERIFIED = "email_not_verified"
    SESSION_REQUIRED = "session_required"
