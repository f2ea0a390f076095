"""broadcast() pushes an event to a channel-layer group only once the transaction commits."""

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from webox.common.realtime import broadcast

pytestmark = pytest.mark.django_db


def _receive(layer, channel):
    async def receive():
        import asyncio

        return await asyncio.wait_for(layer.receive(channel), timeout=2)

    return async_to_sync(receive)()


def test_broadcast_is_sent_after_commit(django_capture_on_commit_callbacks):
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)("user-42", channel)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        broadcast("user-42", {"type": "notify", "title": "Commande payée"})
    assert len(callbacks) == 1  # nothing sent before commit

    callbacks[0]()
    assert _receive(layer, channel) == {"type": "notify", "title": "Commande payée"}


def test_broadcast_is_dropped_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                broadcast("user-42", {"type": "notify"})
                raise RuntimeError("rollback")
        except RuntimeError:
            pass
    assert callbacks == []
