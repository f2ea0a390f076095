"""The ``ws/notifications/`` socket: a signed-in, 2FA-verified user's live notifications.

``accounts.channels_auth.OTPAuthMiddlewareStack`` puts the user in the scope
(anonymous while a 2FA session still owes its second factor). Refused sockets
are accepted and then closed with an application code, so that the browser
can tell "do not retry" (4401 not signed in, 4403 account disabled) from a
network failure: a refusal during the handshake reaches it as 1006.
"""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from .events import unread_event
from .groups import user_group
from .selectors import notification_unread_count

CLOSE_NOT_AUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    """Join the user's group, send the unread count, then relay each event pushed to the group."""

    group: str | None = None

    async def connect(self) -> None:
        user = self.scope.get("user")
        await self.accept()
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_NOT_AUTHENTICATED)
            return
        if not user.is_active:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.group = user_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        count = await database_sync_to_async(notification_unread_count)(user=user)
        await self.send_json(unread_event(count))

    async def disconnect(self, code: int) -> None:
        if self.group is not None:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs) -> None:
        """Ignore what the browser sends: the socket only pushes."""

    async def notification_event(self, message: dict) -> None:
        """Relay a browser event pushed to the user's group (``webox.common.realtime.broadcast``)."""
        await self.send_json(message["event"])
