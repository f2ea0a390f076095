"""Writes on the blog, one module per concern; public names re-exported here."""

from .comments import comment_create, comment_initial_status, comment_moderate
from .images import post_cover_thumbnails_make
from .posts import post_comments_set_open, post_save, post_slug_redirect_record, post_update

__all__ = [
    "comment_create",
    "comment_initial_status",
    "comment_moderate",
    "post_comments_set_open",
    "post_cover_thumbnails_make",
    "post_save",
    "post_slug_redirect_record",
    "post_update",
]
