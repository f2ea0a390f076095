"""Readers' comments: posting (with the moderation rules), moderating, and who is told."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.verification import user_email_verified
from blog.errors import BlogErrorCode
from blog.models import Comment, Post
from blog.permissions import post_editable_by
from blog.sanitize import links_count
from notifications.services import notify
from webox.common.errors import ApplicationError, Conflict, NotFound, PermissionDenied


def comment_initial_status(*, post: Post, author, body: str) -> str:
    """Return the status a new comment starts with.

    The post's moderators publish at once. Anybody else waits for moderation on
    a first comment, with more links than ``BLOG_COMMENT_MAX_LINKS``, or with a
    word of ``BLOG_BANNED_WORDS``; otherwise the comment appears at once.
    """
    if post_editable_by(author, post):
        return Comment.Status.APPROVED
    lowered = body.lower()
    if links_count(body) > settings.BLOG_COMMENT_MAX_LINKS:
        return Comment.Status.PENDING
    if any(word.strip() and word.strip().lower() in lowered for word in settings.BLOG_BANNED_WORDS):
        return Comment.Status.PENDING
    if not Comment.objects.filter(author=author, status=Comment.Status.APPROVED).exists():
        return Comment.Status.PENDING
    return Comment.Status.APPROVED


def _comment_check(*, post: Post, author, body: str, parent: Comment | None) -> None:
    """Refuse a comment the rules do not allow: closed or unpublished post, unverified address, deep reply."""
    if not post.is_visible:
        raise NotFound(_("This post does not exist."))
    if not post.comments_open:
        raise Conflict(_("Comments are closed on this post."), code=BlogErrorCode.COMMENTS_CLOSED)
    if not user_email_verified(author):
        message = _("Verify your email address to comment.")
        raise PermissionDenied(message, code=BlogErrorCode.EMAIL_NOT_VERIFIED)
    if not body.strip():
        raise ApplicationError(_("Write a comment first."), code=BlogErrorCode.EMPTY_COMMENT)
    if parent is not None and (parent.post_id != post.pk or parent.parent_id is not None):
        raise ApplicationError(_("You can only reply to a comment of this post."), code=BlogErrorCode.REPLY_TOO_DEEP)
    if parent is not None and parent.status != Comment.Status.APPROVED:
        raise NotFound(_("This comment does not exist."))


@transaction.atomic
def comment_create(*, post: Post, author, body: str, parent: Comment | None = None) -> Comment:
    """Post ``body`` under ``post`` (or as a reply to ``parent``); it appears at once or waits for moderation."""
    _comment_check(post=post, author=author, body=body, parent=parent)
    status = comment_initial_status(post=post, author=author, body=body)
    comment = Comment.objects.create(post=post, author=author, parent=parent, body=body.strip(), status=status)
    _notify_post_author(comment)
    if status == Comment.Status.APPROVED:
        _notify_parent_author(comment)
    return comment


@transaction.atomic
def comment_moderate(*, comment: Comment, moderator, status: str) -> Comment:
    """Approve, hide or mark ``comment`` as spam; only the post's author and editors may."""
    if not post_editable_by(moderator, comment.post):
        message = _("Only the author of the post can moderate its comments.")
        raise PermissionDenied(message, code=BlogErrorCode.NOT_A_MODERATOR)
    if status not in Comment.Status.values or status == Comment.Status.PENDING:
        raise ApplicationError(_("Unknown moderation decision."))
    locked = Comment.objects.select_for_update().get(pk=comment.pk)
    previous, locked.status = locked.status, status
    locked.save(update_fields=["status"])
    if status == Comment.Status.APPROVED and previous == Comment.Status.PENDING:
        _notify_approved(locked)
        _notify_parent_author(locked)
    comment.status = status
    return comment


def _notify_post_author(comment: Comment) -> None:
    """Tell the post's author about a new comment (one to moderate when it waits)."""
    post = comment.post
    if post.author_id == comment.author_id:
        return
    if comment.status == Comment.Status.PENDING:
        title = _("A new comment on “%(title)s” waits for moderation") % {"title": post.title}
    else:
        title = _("New comment on “%(title)s”") % {"title": post.title}
    notify(user=post.author, kind="comment_reply", title=title, body=comment.body[:300], url=comment.get_absolute_url())


def _notify_parent_author(comment: Comment) -> None:
    """Tell the author of the comment replied to, unless they replied to themselves or wrote the post."""
    parent = comment.parent
    if parent is None or parent.author_id in (comment.author_id, comment.post.author_id):
        return
    title = _("New reply to your comment on “%(title)s”") % {"title": comment.post.title}
    notify(
        user=parent.author, kind="comment_reply", title=title, body=comment.body[:300], url=comment.get_absolute_url()
    )


def _notify_approved(comment: Comment) -> None:
    """Tell a commenter their comment is now shown."""
    title = _("Your comment on “%(title)s” is published") % {"title": comment.post.title}
    notify(user=comment.author, kind="comment_approved", title=title, url=comment.get_absolute_url())
