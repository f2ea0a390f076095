"""Error codes of the blog, raised with the classes of ``webox.common.errors``."""

from enum import StrEnum


class BlogErrorCode(StrEnum):
    """Why a blog operation was refused."""

    COMMENTS_CLOSED = "comments_closed"
    EMAIL_NOT_VERIFIED = "email_not_verified"
    REPLY_TOO_DEEP = "reply_too_deep"
    EMPTY_COMMENT = "empty_comment"
    NOT_A_MODERATOR = "not_a_moderator"
    NOT_THE_AUTHOR = "not_the_author"
    PREVIEW_INVALID = "preview_invalid"
