"""Login lockout: after 5 failed logins for one account in 5 minutes, refuse every password.

The failures are kept per login (the email typed, known or not, so that a locked
unknown address answers exactly like a locked account) as timestamps in the
cache, and compared with ``timezone.now()``: the window slides with the clock,
not with the cache's expiry. The lock lifts when the oldest of the last five
failures is five minutes old, and at once after a successful login or a password
reset. The strict rate-limit tier (5 login attempts per account per minute) bounds
how many failures concurrent requests can slip past the count.
"""

import hashlib
import math
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import SecurityEvent, User

from .audit import security_event_record

LOCKOUT_FAILURES = 5
LOCKOUT_WINDOW = timedelta(minutes=5)


def _cache_key(login: str) -> str:
    digest = hashlib.sha256(User.objects.normalize_email(login).encode()).hexdigest()
    return f"accounts:login-failures:{digest}"


def _recent_failures(login: str) -> list[float]:
    """Return the timestamps of this login's failures inside the window, oldest first."""
    cutoff = (timezone.now() - LOCKOUT_WINDOW).timestamp()
    return sorted(stamp for stamp in cache.get(_cache_key(login)) or [] if stamp > cutoff)


def login_lockout_remaining(*, login: str) -> timedelta | None:
    """Return how long ``login`` stays locked out, or None when it may try a password."""
    failures = _recent_failures(login)
    if len(failures) < LOCKOUT_FAILURES:
        return None
    unlocks_at = failures[-LOCKOUT_FAILURES] + LOCKOUT_WINDOW.total_seconds()
    return timedelta(seconds=max(1.0, unlocks_at - timezone.now().timestamp()))


def lockout_minutes(remaining: timedelta) -> int:
    """Return ``remaining`` in whole minutes, rounded up (at least 1) for the message."""
    return max(1, math.ceil(remaining.total_seconds() / 60))


@transaction.atomic
def login_failure_register(*, login: str, request: HttpRequest | None = None) -> None:
    """Count one failed login; the failure that reaches the limit records ``login_locked``."""
    failures = [*_recent_failures(login), timezone.now().timestamp()]
    cache.set(_cache_key(login), failures[-LOCKOUT_FAILURES:], timeout=int(LOCKOUT_WINDOW.total_seconds()) + 5)
    if len(failures) == LOCKOUT_FAILURES:
        security_event_record(
            type=SecurityEvent.Type.LOGIN_LOCKED,
            user=User.objects.filter(email=User.objects.normalize_email(login)).first(),
            request=request,
            details={"failures": LOCKOUT_FAILURES, "minutes": int(LOCKOUT_WINDOW.total_seconds() // 60)},
        )


def login_failures_clear(*, login: str) -> None:
    """Forget the failures of ``login`` (after a successful login or a password reset)."""
    cache.delete(_cache_key(login))
