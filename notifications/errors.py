"""Error codes of notifications, raised with the classes of ``webox.common.errors``."""

from enum import StrEnum


class NotificationErrorCode(StrEnum):
    """Why a notification operation was refused."""

    NOTIFICATION_NOT_FOUND = "notification_not_found"
    INVALID_SINCE = "invalid_since"
