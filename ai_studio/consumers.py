"""The ``ws/ai/conversations/<id>/`` socket: the owner hears the replies of one conversation as they stream.

Only a signed-in, 2FA-verified owner joins (``accounts.channels_auth`` makes a
session that still owes its second factor anonymous). As in
notifications.consumers, a refused socket is accepted then closed with a code
the browser can read: 4401 not signed in, 4403 account disabled, 4404 no such
conversation of the user's. On connect it sends the partial text of each reply
still being written (``{type: "partial", message_id, text}``), so a refresh or
a second tab re-attaches; then it relays ``delta`` and ``done`` events. A
``delta`` carries the ``offset`` of its text in the reply, so that a client can
drop what the partial text already held; ``done`` carries the whole reply.
"""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from .models import Conversation
from .services import conversation_group, message_running_list

CLOSE_NOT_AUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404


@database_sync_to_async
def _partial_events(*, user, conversation_id: int) -> list[dict] | None:
    """Return the ``partial`` events of the user's conversation, or None when it is not theirs."""
    conversation = Conversation.objects.filter(user=user, pk=conversation_id).first()
    if conversation is None:
        return None
    running = message_running_list(conversation=conversation)
    return [{"type": "partial", "message_id": message.pk, "text": message.content} for message in running]


@database_sync_to_async
def _owns(*, user, conversation_id: int) -> bool:
    return Conversation.objects.filter(user=user, pk=conversation_id).exists()


class ConversationConsumer(AsyncJsonWebsocketConsumer):
    """Join the conversation's group, send the running replies' partial text, then relay each event."""

    group: str | None = None

    async def connect(self) -> None:
        user = self.scope.get("user")
        conversation_id = self.scope["url_route"]["kwargs"]["conversation_id"]
        await self.accept()
        code = await self._refusal(user, conversation_id)
        if code is not None:
            await self.close(code=code)
            return
        self.group = conversation_group(conversation_id)
        await self.channel_layer.group_add(self.group, self.channel_name)  # join first: no delta falls in between
        for event in await _partial_events(user=user, conversation_id=conversation_id) or []:
            await self.send_json(event)

    async def _refusal(self, user, conversation_id: int) -> int | None:
        if user is None or not user.is_authenticated:
            return CLOSE_NOT_AUTHENTICATED
        if not user.is_active:
            return CLOSE_FORBIDDEN
        if not await _owns(user=user, conversation_id=conversation_id):
            return CLOSE_NOT_FOUND
        return None

    async def disconnect(self, code: int) -> None:
        if self.group is not None:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs) -> None:
        """Ignore what the browser sends: messages go through the API, the socket only pushes."""

    async def chat_event(self, message: dict) -> None:
        """Relay a ``delta`` or ``done`` event pushed by the reply's task."""
        await self.send_json(message["event"])
