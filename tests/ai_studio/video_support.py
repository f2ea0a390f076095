"""Helpers of the video and shorts tests: read the live job events pushed to a user."""

import asyncio

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from notifications.groups import user_group


class Listener:
    """Collect what is pushed to a user's notifications group (read once, after the job)."""

    def __init__(self, user):
        self.layer = get_channel_layer()
        self.channel = async_to_sync(self.layer.new_channel)()
        async_to_sync(self.layer.group_add)(user_group(user.pk), self.channel)

    def job_events(self) -> list[dict]:
        async def drain():
            events = []
            while True:
                try:
                    message = await asyncio.wait_for(self.layer.receive(self.channel), timeout=0.3)
                except TimeoutError:
                    return events
                events.append(message["event"])

        return [event for event in async_to_sync(drain)() if event.get("type") == "job"]
