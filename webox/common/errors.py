"""The one error hierarchy that services raise and the API and views translate.

Each app adds its codes in its own ``errors.py`` as a ``StrEnum`` and raises one
of these classes with that code.
"""

from enum import StrEnum
from typing import Any


class ErrorCode(StrEnum):
    """Codes shared by every app."""

    INVALID = "invalid"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    PERMISSION_DENIED = "permission_denied"
    PROVIDER_UNAVAILABLE = "provider_unavailable"


class ApplicationError(Exception):
    """A business rule refused the operation; the message is safe to show to the user."""

    status_code = 400
    default_code: str = ErrorCode.INVALID

    def __init__(self, message: str, *, code: str | None = None, extra: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = str(message)
        self.code = str(code or self.default_code)
        self.extra = extra or {}


class NotFound(ApplicationError):
    status_code = 404
    default_code = ErrorCode.NOT_FOUND


class Conflict(ApplicationError):
    status_code = 409
    default_code = ErrorCode.CONFLICT


class PermissionDenied(ApplicationError):
    status_code = 403
    default_code = ErrorCode.PERMISSION_DENIED


class ProviderUnavailable(ApplicationError):
    """An external provider failed or is not configured: operational, logged, retried."""

    status_code = 503
    default_code = ErrorCode.PROVIDER_UNAVAILABLE
