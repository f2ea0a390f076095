"""A password-only session of a 2FA user is not logged in: pages, API, WebSockets and admin agree.

allauth's login never creates such a session (it asks for the code first);
these tests make one directly (``force_login`` without the OTP step), as any
other way of logging in would, and check that every door treats it as not
logged in.
"""

from datetime import timedelta

import pytest
import time_machine
from asgiref.sync import async_to_sync
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.urls import path, reverse
from django.utils import timezone

from accounts.channels_auth import OTPAuthMiddlewareStack
from accounts.services import api_token_create
from tests.accounts.twofactor_support import (
    authenticator,
    login_code,
    login_password,
    login_verified,
    member_make,
    session_user_id,
    totp_device_make,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(client):
    """A session logged in with the password only, for a user with an authenticator app."""
    user = member_make()
    device = totp_device_make(user)
    client.force_login(user)
    return client, user, device


# -- Pages ----------------------------------------------------------------------


def test_every_page_sends_a_password_only_session_to_the_verify_page(pending):
    client, _user, _device = pending
    for url in ("/", "/account/", "/accounts/2fa/", "/en/blog/"):
        response = client.get(url)
        assert response.status_code == 302
        verify = "/en/accounts/2fa/verify/" if url.startswith("/en/") else "/accounts/2fa/verify/"
        assert response["Location"] == f"{verify}?next={url}"


def test_the_verify_page_logout_and_language_switch_stay_open(pending):
    client, _user, _device = pending
    assert client.get(reverse("twofactor-verify")).status_code == 200
    switched = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert switched.status_code == 302 and "2fa" not in switched["Location"]
    assert client.get("/en/accounts/2fa/verify/").status_code == 200
    client.post(reverse("account_logout"))
    assert session_user_id(client) is None
    assert client.get("/").status_code == 200


def test_the_code_turns_a_password_only_session_into_a_verified_one(pending):
    client, user, device = pending
    response = login_code(client, authenticator(device).now(), next_url="/en/")
    assert response["Location"] == "/en/"
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/me/").json()["email"] == user.email


def test_a_password_only_session_expires_after_fifteen_minutes(pending):
    client, _user, _device = pending
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        assert client.get("/").status_code == 302
        traveller.shift(timedelta(minutes=16))
        assert client.get("/").status_code == 200
    assert session_user_id(client) is None


def test_a_user_without_two_factor_is_not_asked_for_a_code(client):
    client.force_login(member_make())
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/me/").status_code == 200


# -- API ------------------------------------------------------------------------


def test_the_api_answers_a_password_only_session_with_401_otp_required(pending):
    client, _user, _device = pending
    for url in ("/api/v1/me/", "/api/v1/categories/"):
        response = client.get(url)
        assert response.status_code == 401
        body = response.json()
        assert body["code"] == "otp_required" and body["fields"] == {} and body["detail"]


def test_the_session_check_of_the_api_itself_refuses_a_password_only_session(pending):
    """With an Authorization header the middleware leaves the decision to DRF, which refuses too."""
    client, _user, _device = pending
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION="Bearer not-a-webox-scheme")
    assert response.status_code == 401
    assert response.json()["code"] == "otp_required"


def test_a_personal_token_works_without_a_code(pending):
    client, user, _device = pending
    key = api_token_create(user=user, name="script").key
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert response.json()["email"] == user.email


def test_a_pending_login_is_not_logged_in_for_the_api(client):
    """After the password only (allauth's pending login), /api/v1/me/ sees no user at all."""
    user = member_make()
    totp_device_make(user)
    login_password(client, user)
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


# -- WebSockets -------------------------------------------------------------------


class WhoAmIConsumer(AsyncJsonWebsocketConsumer):
    """Accept signed-in users and tell them who they are; close for anonymous ones."""

    async def connect(self):
        if not self.scope["user"].is_authenticated:
            await self.close(code=4401)
            return
        await self.accept()
        await self.send_json({"user": self.scope["user"].pk})


SOCKETS = OTPAuthMiddlewareStack(URLRouter([path("ws/whoami/", WhoAmIConsumer.as_asgi())]))


def _socket_user(client):
    """Connect with the client's session cookie; return the user id the consumer saw, or None if refused."""
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

    async def run():
        communicator = WebsocketCommunicator(SOCKETS, "/ws/whoami/", headers=[(b"cookie", cookie.encode())])
        connected, _code = await communicator.connect()
        user = (await communicator.receive_json_from())["user"] if connected else None
        await communicator.disconnect()
        return user

    return async_to_sync(run)()


def test_the_websocket_treats_a_password_only_session_as_anonymous(pending):
    client, _user, _device = pending
    assert _socket_user(client) is None


def test_the_websocket_refuses_a_pending_login(client):
    user = member_make()
    totp_device_make(user)
    login_password(client, user)
    assert _socket_user(client) is None


def test_the_websocket_accepts_a_verified_session(client):
    user = member_make()
    device = totp_device_make(user)
    login_password(client, user)
    login_code(client, authenticator(device).now())
    assert _socket_user(client) == user.pk


def test_the_websocket_accepts_a_user_without_two_factor(client):
    user = member_make()
    client.force_login(user)
    assert _socket_user(client) == user.pk


# -- Admin --------------------------------------------------------------------------


@pytest.fixture
def staff(db):
    return member_make(is_staff=True, is_superuser=True)


def test_staff_without_two_factor_are_sent_to_set_it_up_from_any_admin_page(client, staff):
    client.force_login(staff)
    for url in ("/admin/", "/admin/accounts/user/", f"/admin/accounts/user/{staff.pk}/change/"):
        response = client.get(url, follow=True)
        assert response.redirect_chain[-1][0].startswith(reverse("twofactor-setup") + "?next=")
        assert response.status_code == 200
        assert b"totp-secret" in response.content


def test_staff_with_two_factor_and_a_password_only_session_are_asked_for_the_code(client, staff):
    totp_device_make(staff)
    client.force_login(staff)
    response = client.get("/admin/")
    assert response["Location"] == f"{reverse('twofactor-verify')}?next=/admin/"


def test_staff_reach_the_admin_after_password_and_code(client, staff):
    device = totp_device_make(staff)
    anonymous = client.get("/admin/", follow=True)
    assert anonymous.redirect_chain[-1][0] == f"{reverse('account_login')}?next=/admin/"
    login_password(client, staff, next_url="/admin/")
    response = login_code(client, authenticator(device).now())
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_verified_staff_open_the_admin(client, staff):
    login_verified(client, staff, totp_device_make(staff))
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/login/?next=/admin/accounts/user/")["Location"] == "/admin/accounts/user/"


def test_a_verified_customer_is_refused_by_the_admin(client):
    user = member_make()
    login_verified(client, user, totp_device_make(user))
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    assert client.get("/admin/login/").status_code == 403
