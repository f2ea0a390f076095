"""Reads of accounts that are reused or tuned."""

from accounts.devices import device_family
from accounts.models import SecurityEvent, User


def security_events_for_user(user: User, limit: int = 20) -> list[SecurityEvent]:
    """Return the user's latest security events, newest first, each with its ``device`` name."""
    events = list(
        SecurityEvent.objects.filter(user=user)
        .only("type", "ip", "user_agent", "created_at", "details")
        .order_by("-created_at", "-pk")[:limit]
    )
    for event in events:
        event.device = event.details.get("device") or device_family(event.user_agent)
    return events
