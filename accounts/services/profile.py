"""Writes on accounts."""

from django.db import transaction

from accounts.models import User


@transaction.atomic
def user_update_profile(*, user: User, display_name: str | None = None, preferred_language: str | None = None) -> User:
    """Change the profile fields that the user may edit; leave the others as they are."""
    changed = []
    if display_name is not None and display_name != user.display_name:
        user.display_name = display_name.strip()
        changed.append("display_name")
    if preferred_language is not None and preferred_language != user.preferred_language:
        user.preferred_language = preferred_language
        changed.append("preferred_language")
    if changed:
        user.save(update_fields=changed)
    return user
