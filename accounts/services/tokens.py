"""Personal API tokens: issue (the key is returned once), revoke, and note their use.

A key looks like ``wbx_<43 random characters>``; the database keeps its first
12 characters (to find it) and its SHA-256 (to check it), never the key.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import ApiToken, SecurityEvent, User

from .audit import security_event_record

TOKEN_KEY_PREFIX = "wbx_"
TOKEN_PREFIX_LENGTH = 12
TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    """A new token and its plaintext key, which exists only in this object."""

    token: ApiToken
    key: str


def api_token_hash(key: str) -> str:
    """Return the hex SHA-256 of a key (keys are random: no salt or slow hash needed)."""
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *, user: User, name: str, expires_in_days: int | None = None, request: HttpRequest | None = None
) -> IssuedToken:
    """Issue a token for ``user``; record ``token_created`` in the audit log."""
    key = TOKEN_KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        prefix=key[:TOKEN_PREFIX_LENGTH],
        key_hash=api_token_hash(key),
        expires_at=timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None,
    )
    security_event_record(
        type=SecurityEvent.Type.TOKEN_CREATED, user=user, request=request, details=_token_details(token)
    )
    return IssuedToken(token=token, key=key)


@transaction.atomic
def api_token_revoke(*, token: ApiToken, request: HttpRequest | None = None) -> None:
    """Delete a token; record ``token_revoked`` in the audit log."""
    details = _token_details(token)
    user = token.user
    token.delete()
    security_event_record(type=SecurityEvent.Type.TOKEN_REVOKED, user=user, request=request, details=details)


def api_token_touch(*, token: ApiToken) -> None:
    """Note that a token was used, at most once a minute (one UPDATE, no read)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_TOUCH_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def _token_details(token: ApiToken) -> dict:
    return {"token_id": token.pk, "name": token.name, "prefix": token.prefix}
