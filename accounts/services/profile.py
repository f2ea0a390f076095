"""Writes on a user's own profile: name, phone, language, avatar, notification preferences."""

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.avatars import avatar_render
from accounts.errors import AccountsErrorCode
from accounts.models import User
from accounts.preferences import CHANNELS, KINDS_BY_NAME
from webox.common.errors import ApplicationError


def _delete_file_on_commit(storage, name: str) -> None:
    """Remove a replaced file once the new one is committed (never before: a rollback keeps it)."""
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def user_update_profile(
    *,
    user: User,
    display_name: str | None = None,
    phone: str | None = None,
    preferred_language: str | None = None,
    avatar: UploadedFile | None = None,
    remove_avatar: bool = False,
) -> User:
    """Change the profile fields that the user may edit; leave the others as they are.

    A new avatar is decoded and re-encoded first (``InvalidAvatar`` before any
    write); the replaced file is deleted after commit.
    """
    rendered = avatar_render(avatar) if avatar is not None else None
    changed = []
    for field, value in (("display_name", display_name), ("phone", phone)):
        if value is not None and value.strip() != getattr(user, field):
            setattr(user, field, value.strip())
            changed.append(field)
    if preferred_language is not None and preferred_language != user.preferred_language:
        user.preferred_language = preferred_language
        changed.append("preferred_language")
    if rendered is not None or (remove_avatar and user.avatar):
        _delete_file_on_commit(user.avatar.storage, user.avatar.name)
        user.avatar = ""
        if rendered is not None:
            user.avatar.save(rendered.name, rendered, save=False)
        changed.append("avatar")
    if changed:
        user.save(update_fields=changed)
    return user


def _clean_preferences(preferences: dict) -> dict[str, dict[str, bool]]:
    cleaned = {}
    for kind, channels in preferences.items():
        if kind not in KINDS_BY_NAME or not isinstance(channels, dict):
            raise ApplicationError(
                _("Unknown notification kind: %(kind)s") % {"kind": kind}, code=AccountsErrorCode.INVALID_PREFERENCES
            )
        cleaned[kind] = {channel: channels[channel] for channel in CHANNELS if isinstance(channels.get(channel), bool)}
        if KINDS_BY_NAME[kind].email_locked:
            cleaned[kind]["email"] = True
    return cleaned


@transaction.atomic
def user_update_notification_preferences(*, user: User, preferences: dict) -> User:
    """Merge ``{kind: {"site": bool, "email": bool}}`` into the user's stored preferences.

    Unknown kinds are refused; security alerts by email cannot be turned off.
    """
    merged = {kind: dict(channels) for kind, channels in (user.notification_preferences or {}).items()}
    for kind, channels in _clean_preferences(preferences).items():
        merged.setdefault(kind, {}).update(channels)
    user.notification_preferences = merged
    user.save(update_fields=["notification_preferences"])
    return user
