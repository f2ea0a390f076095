"""The security audit log: record what happened, to whom, from where."""

import logging
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from accounts.models import SecurityEvent, User
from accounts.signals import security_event_recorded

logger = logging.getLogger("webox.security")

#: Events the user is alerted about (``security_event_recorded``, sent after commit).
SECURITY_ALERT_TYPES = frozenset(
    {
        SecurityEvent.Type.NEW_DEVICE,
        SecurityEvent.Type.TWO_FACTOR_ENABLED,
        SecurityEvent.Type.TWO_FACTOR_DISABLED,
        SecurityEvent.Type.BACKUP_CODES_REGENERATED,
    }
)


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
    if type in SECURITY_ALERT_TYPES and event.user_id is not None:
        transaction.on_commit(lambda: security_event_recorded.send(sender=SecurityEvent, event=event), robust=True)
    return event
