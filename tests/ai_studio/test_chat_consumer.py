"""The ws/ai/conversations/<id>/ socket: the verified owner re-attaches to a running reply and hears it stream.

As tests/notifications/test_consumer.py: the project's real ASGI application,
the in-memory layer and a Redis layer (``redis``: skipped without REDIS_URL),
one coroutine per socket conversation run by ``async_to_sync``, transactional
tests (the eager reply task then runs as soon as ``message_send`` commits).
"""

import uuid

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from ai_studio.models import GenerationJob, Message
from ai_studio.services import conversation_create, conversation_group, credits_grant, message_send
from tests.accounts.twofactor_support import login_verified, member_make, totp_device_make
from webox.asgi import application
from webox.common.realtime import group_send_now
from webox.settings.base import redis_channel_layer

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)], autouse=True)
def channel_layer(request, settings):
    """Run the test on the in-memory layer, then on a Redis layer of its own (a fresh key prefix)."""
    if request.param == "memory":
        settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    else:
        prefix = f"webox-test-{uuid.uuid4().hex[:8]}"
        settings.CHANNEL_LAYERS = {"default": redis_channel_layer(settings.REDIS_TEST_URL, prefix=prefix)}
    return request.param


def _signed_in(user, *, verified: bool = True) -> str:
    """Return the session cookie of ``user`` (with 2FA): verified, or password-only (``verified=False``)."""
    client = Client()
    device = totp_device_make(user)
    if verified:
        login_verified(client, user, device)
    else:
        client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _socket(conversation_id: int, cookie: str | None = None) -> WebsocketCommunicator:
    headers = [(b"origin", b"http://testserver"), (b"host", b"testserver")]
    if cookie:
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()))
    return WebsocketCommunicator(application, f"/ws/ai/conversations/{conversation_id}/", headers=headers)


async def _close_code(socket: WebsocketCommunicator) -> int | None:
    connected, _subprotocol = await socket.connect()
    assert connected
    output = await socket.receive_output(timeout=2)
    await socket.disconnect()
    return output["code"] if output["type"] == "websocket.close" else None


def _owner_with_conversation():
    owner = member_make()
    credits_grant(user=owner, amount=100, reason="test")
    return owner, conversation_create(user=owner, model="demo-chat")


def _running_reply(conversation, partial: str) -> Message:
    """Return an assistant reply whose task is streaming and has saved ``partial`` so far."""
    job = GenerationJob.objects.create(
        user=conversation.user,
        kind="chat",
        model="demo-chat",
        provider="demo",
        prompt="Bonjour",
        status=GenerationJob.Status.RUNNING,
        params={"max_tokens": 1024},
    )
    Message.objects.create(conversation=conversation, role="user", content="Bonjour")
    return Message.objects.create(conversation=conversation, role="assistant", content=partial, job=job)


def test_an_anonymous_socket_is_closed_with_4401():
    _owner, conversation = _owner_with_conversation()
    assert async_to_sync(_close_code)(_socket(conversation.pk)) == 4401


def test_a_session_that_still_owes_the_second_factor_is_closed_with_4401():
    owner, conversation = _owner_with_conversation()
    cookie = _signed_in(owner, verified=False)
    assert async_to_sync(_close_code)(_socket(conversation.pk, cookie)) == 4401


def test_another_users_conversation_or_a_missing_one_is_closed_with_4404():
    _owner, conversation = _owner_with_conversation()
    cookie = _signed_in(member_make())
    assert async_to_sync(_close_code)(_socket(conversation.pk, cookie)) == 4404
    assert async_to_sync(_close_code)(_socket(conversation.pk + 1000, cookie)) == 4404


def test_the_owner_re_attaches_to_the_partial_reply_then_hears_the_next_pieces():
    owner, conversation = _owner_with_conversation()
    reply = _running_reply(conversation, "Voici le début")
    cookie = _signed_in(owner)

    async def session():
        socket = _socket(conversation.pk, cookie)
        assert (await socket.connect())[0]
        partial = await socket.receive_json_from(timeout=2)
        delta = {"type": "delta", "message_id": reply.pk, "text": " de la suite", "offset": 14}
        await database_sync_to_async(group_send_now)(
            conversation_group(conversation.pk), {"type": "chat.event", "event": delta}
        )
        received = await socket.receive_json_from(timeout=2)
        await socket.disconnect()
        return partial, received

    partial, received = async_to_sync(session)()
    assert partial == {"type": "partial", "message_id": reply.pk, "text": "Voici le début"}
    assert received == {"type": "delta", "message_id": reply.pk, "text": " de la suite", "offset": 14}


def test_the_owner_hears_a_whole_reply_stream_then_done():
    owner, conversation = _owner_with_conversation()
    cookie = _signed_in(owner)

    async def session():
        socket = _socket(conversation.pk, cookie)
        assert (await socket.connect())[0]
        assert await socket.receive_nothing(timeout=0.2)  # no reply running: nothing to re-attach to
        _question, reply = await database_sync_to_async(message_send)(conversation=conversation, content="Bonjour")
        events = [await socket.receive_json_from(timeout=2)]
        while events[-1]["type"] != "done":
            events.append(await socket.receive_json_from(timeout=2))
        await socket.disconnect()
        return reply, events

    reply, events = async_to_sync(session)()
    reply.refresh_from_db()
    assert {event["type"] for event in events[:-1]} == {"delta"}
    assert "".join(event["text"] for event in events[:-1]) == reply.content
    assert "démonstration" in reply.content
    done = events[-1]
    assert done["message_id"] == reply.pk and done["status"] == "complete" and done["cost"] == reply.cost
    assert done["usage"] == {"input_tokens": reply.input_tokens, "output_tokens": reply.output_tokens}
