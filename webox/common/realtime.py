"""Push events to WebSocket groups through the channel layer, after the transaction commits."""

import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger("webox.system")


def group_send_now(group: str, event: dict[str, Any]) -> None:
    """Send ``event`` to every consumer in ``group``; log (never raise) if the layer is down."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, event)
    except Exception:  # the layer is optional for the request that triggered the event
        logger.warning("channel layer unavailable; event to %s dropped", group, exc_info=True)


def broadcast(group: str, event: dict[str, Any]) -> None:
    """Send ``event`` to ``group`` once the current transaction commits."""
    transaction.on_commit(lambda: group_send_now(group, event))
