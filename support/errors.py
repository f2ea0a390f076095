"""Error codes of the help desk."""

from enum import StrEnum


class SupportErrorCode(StrEnum):
    INVALID_TRANSITION = "invalid_transition"
    REOPEN_EXPIRED = "reopen_expired"
    NOT_ALLOWED = "ticket_action_not_allowed"
    INVALID_ORDER = "invalid_order"
    TICKET_NOT_FOUND = "ticket_not_found"
    INVALID_ATTACHMENT = "invalid_attachment"
    ATTACHMENT_TOO_LARGE = "attachment_too_large"
    TICKET_CLOSED = "ticket_closed"
    RATING_NOT_ALLOWED = "rating_not_allowed"
    INVALID_RATING = "invalid_rating"
    SPAM_DETECTED = "spam_detected"
    EMPTY_MESSAGE = "empty_message"
