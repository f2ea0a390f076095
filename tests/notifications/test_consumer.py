"""The ws/notifications/ socket: signed-in, 2FA-verified users only, each hearing only their own events.

Each test runs on the in-memory channel layer and on the Redis layer (``redis``:
skipped without REDIS_URL), through the project's real ASGI application (origin
check, session, 2FA scope check, routing). A whole conversation with the socket
runs in one coroutine (``async_to_sync``): no async test plugin is needed.

The tests are transactional: Channels closes "old" database connections around
each ``database_sync_to_async`` call, which would end the test's transaction on
PostgreSQL. notify() then pushes as soon as it returns (autocommit).
"""

import uuid

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from notifications.services import notify
from tests.accounts.twofactor_support import login_verified, member_make, totp_device_make
from tests.factories import UserFactory
from webox.asgi import application
from webox.settings.base import redis_channel_layer

from .factories import NotificationFactory

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


def _session_cookie(client: Client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _signed_in(user, *, verified: bool = True) -> str:
    """Return the session cookie of ``user`` (with 2FA): verified, or password-only (``verified=False``)."""
    client = Client()
    device = totp_device_make(user)
    if verified:
        login_verified(client, user, device)
    else:
        client.force_login(user)  # a session without the second factor's device
    return _session_cookie(client)


def _socket(cookie: str | None = None) -> WebsocketCommunicator:
    headers = [(b"origin", b"http://testserver"), (b"host", b"testserver")]
    if cookie:
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()))
    return WebsocketCommunicator(application, "/ws/notifications/", headers=headers)


async def _close_code(socket: WebsocketCommunicator) -> int | None:
    """Connect and return the code the server closed the socket with (None if it stayed open)."""
    connected, _subprotocol = await socket.connect()
    assert connected  # accepted, then closed with a code the browser can read
    output = await socket.receive_output(timeout=2)
    await socket.disconnect()
    return output["code"] if output["type"] == "websocket.close" else None


def test_an_anonymous_socket_is_closed_with_4401():
    assert async_to_sync(_close_code)(_socket()) == 4401


def test_a_socket_whose_session_still_owes_the_second_factor_is_closed_with_4401():
    cookie = _signed_in(member_make(), verified=False)
    assert async_to_sync(_close_code)(_socket(cookie)) == 4401


def test_a_verified_user_gets_the_unread_count_then_live_events():
    user = member_make()
    NotificationFactory.create_batch(2, user=user)
    cookie = _signed_in(user)

    async def conversation():
        socket = _socket(cookie)
        connected, _subprotocol = await socket.connect()
        assert connected
        assert await socket.receive_json_from(timeout=2) == {"type": "unread", "count": 2}
        notification = await database_sync_to_async(notify)(
            user=user, kind="ticket_reply", title="Nouvelle réponse", url="/help/"
        )
        event = await socket.receive_json_from(timeout=2)
        await socket.disconnect()
        return notification, event

    notification, event = async_to_sync(conversation)()
    assert event["type"] == "notification" and event["id"] == notification.pk
    assert {key: event[key] for key in ("kind", "title", "body", "url")} == {
        "kind": "ticket_reply",
        "title": "Nouvelle réponse",
        "body": "",
        "url": "/help/",
    }


def test_user_a_never_receives_user_bs_events():
    alice, bob = member_make(), UserFactory()
    alice_cookie, bob_cookie = _signed_in(alice), _signed_in(bob)

    async def conversation():
        alice_socket, bob_socket = _socket(alice_cookie), _socket(bob_cookie)
        for socket in (alice_socket, bob_socket):
            assert (await socket.connect())[0]
            assert (await socket.receive_json_from(timeout=2))["type"] == "unread"
        await database_sync_to_async(notify)(user=bob, kind="order_paid", title="Commande de Bob payée")
        bob_event = await bob_socket.receive_json_from(timeout=2)
        alice_silent = await alice_socket.receive_nothing(timeout=0.5)
        for socket in (alice_socket, bob_socket):
            await socket.disconnect()
        return bob_event, alice_silent

    bob_event, alice_silent = async_to_sync(conversation)()
    assert bob_event["title"] == "Commande de Bob payée"
    assert alice_silent
