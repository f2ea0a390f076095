"""Helpers of the notifications tests: a channel layer listening to a user's group."""

import asyncio

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from notifications.groups import user_group


class GroupListener:
    """A channel of the current layer that joined ``user``'s group, to read what is pushed to it.

    Read from it once per test: the Redis layer binds a channel's buffer to the event loop of its first read.
    """

    def __init__(self, user):
        self.layer = get_channel_layer()
        self.channel = async_to_sync(self.layer.new_channel)()
        async_to_sync(self.layer.group_add)(user_group(user.pk), self.channel)

    def receive(self, timeout: float = 2) -> dict:
        async def receive():
            return await asyncio.wait_for(self.layer.receive(self.channel), timeout=timeout)

        return async_to_sync(receive)()

    def is_silent(self, timeout: float = 0.2) -> bool:
        try:
            self.receive(timeout=timeout)
        except TimeoutError:
            return True
        return False
