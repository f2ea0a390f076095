"""WebSocket authentication: a password-only session of a 2FA user connects as anonymous.

Channels' ``AuthMiddlewareStack`` knows nothing of django-otp; the middleware
here checks the device that django-otp stored in the session
(``DEVICE_ID_SESSION_KEY``) the same way ``OTPMiddleware`` does for HTTP.
"""

from channels.auth import AuthMiddlewareStack
from channels.db import database_sync_to_async
from channels.middleware import BaseMiddleware
from django.contrib.auth.models import AnonymousUser
from django_otp import DEVICE_ID_SESSION_KEY

from accounts.twofactor.selectors import session_device_is_valid, twofactor_is_enabled


class TwoFactorScopeMiddleware(BaseMiddleware):
    """Replace ``scope["user"]`` by AnonymousUser when the session still owes its second factor."""

    async def __call__(self, scope, receive, send):
        user = scope.get("user")
        if user is not None and await _password_only(user, scope.get("session")):
            scope = {**scope, "user": AnonymousUser()}
        return await super().__call__(scope, receive, send)


@database_sync_to_async
def _password_only(user, session) -> bool:
    if not user.is_authenticated or not twofactor_is_enabled(user=user):
        return False
    device_id = session.get(DEVICE_ID_SESSION_KEY) if session is not None else None
    return not session_device_is_valid(user=user, persistent_id=device_id)


def OTPAuthMiddlewareStack(inner):
    """Wrap Channels' session and auth stack around the second-factor check (named like AuthMiddlewareStack)."""
    return AuthMiddlewareStack(TwoFactorScopeMiddleware(inner))
