"""Channel-layer group names: one group per user, joined by each of the user's open sockets."""


def user_group(user_id: int) -> str:
    """Return the group that reaches every open notification socket of user ``user_id``."""
    return f"notifications.user.{user_id}"
