"""The JSON events of the ``ws/notifications/`` socket, and the channel-layer messages that carry them.

A channel-layer message's ``type`` names the consumer's handler
(``notification.event`` → ``notification_event``); its ``event`` is what the
browser receives, as ``{type: "notification", id, kind, title, body, url,
created_at}`` or ``{type: "unread", count}``.
"""

from typing import Any

from django.utils import timezone

from .models import Notification


def notification_event(notification: Notification) -> dict[str, Any]:
    """Return the browser's event for ``notification`` (also the shape of the API's list items)."""
    return {
        "type": "notification",
        "id": notification.pk,
        "kind": notification.kind,
        "title": notification.title,
        "body": notification.body,
        "url": notification.url,
        "created_at": timezone.localtime(notification.created_at).isoformat(),  # as the API writes it
    }


def unread_event(count: int) -> dict[str, Any]:
    """Return the browser's event that sets the bell's unread count."""
    return {"type": "unread", "count": count}


def layer_message(event: dict[str, Any]) -> dict[str, Any]:
    """Wrap a browser event in the channel-layer message the consumer relays."""
    return {"type": "notification.event", "event": event}
