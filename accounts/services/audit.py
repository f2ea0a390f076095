"""The security audit log: record what happened, to whom, from where."""

import logging
from typing import Any

from django.http import HttpRequest

from accounts.models import SecurityEvent, User

logger = logging.getLogger("webox.security")


def request_ip(request: HttpRequest | None) -> str | None:
    """Return the client IP the rate limits and the audit log agree on (``request.client_ip``)."""
    if request is None:
        return None
    return getattr(request, "client_ip", None) or request.META.get("REMOTE_ADDR") or None


def security_event_record(
    *,
    type: SecurityEvent.Type,
    user: User | None = None,
    request: HttpRequest | None = None,
    details: dict[str, Any] | None = None,
) -> SecurityEvent:
    """Append one event to the audit log and mirror it on the ``webox.security`` logger."""
    user_agent = request.headers.get("User-Agent", "")[:300] if request is not None else ""
    event = SecurityEvent.objects.create(
        user=user if user is not None and user.pk else None,
        type=type,
        ip=request_ip(request),
        user_agent=user_agent,
        details=details or {},
    )
    logger.info(
        "security event %s user=%s ip=%s",
        type,
        getattr(user, "pk", None),
        event.ip,
        extra={"event": str(type), "user_id": getattr(user, "pk", None)},
    )
    return event
