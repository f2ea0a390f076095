"""Who may edit a post and moderate its comments: its author, the Staff group and superusers."""

from accounts.groups import STAFF


def edits_every_post(user) -> bool:
    """Superusers and the Staff group edit every post; a blogger only their own."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or user.groups.filter(name=STAFF).exists()


def post_editable_by(user, post) -> bool:
    """Say whether ``user`` may edit ``post``, close its comments and moderate them."""
    if not getattr(user, "is_authenticated", False):
        return False
    return post.author_id == user.pk or edits_every_post(user)
