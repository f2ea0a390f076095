"""Signing in with a second factor: the password alone never logs a 2FA user in."""

import re
import time
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import BackupCodeDevice, SecurityEvent
from accounts.services.twofactor import FAILURE_LIMIT, FAILURE_WINDOW
from tests.accounts.twofactor_support import (
    authenticator,
    login_code,
    login_password,
    member_make,
    session_user_id,
    totp_device_make,
)

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-fresh-passphrase-for-2fa-tests"


@pytest.fixture
def member(db):
    user = member_make()
    return user, totp_device_make(user)


def test_password_then_code_from_an_independent_totp_client_logs_in_and_verifies(client, member):
    user, device = member
    response = login_password(client, user)
    assert response.status_code == 302
    assert response["Location"] == reverse("twofactor-verify")
    assert session_user_id(client) is None

    page = client.get(reverse("twofactor-verify"))
    assert page.status_code == 200
    response = login_code(client, authenticator(device).now())
    assert response.status_code == 302
    assert session_user_id(client) == str(user.pk)
    assert client.get("/api/v1/me/").json()["email"] == user.email
    assert client.get(reverse("twofactor-manage")).status_code == 200


def test_whole_flow_setup_from_the_page_secret_then_password_then_code(client):
    """Set up with the secret the page shows, sign out, sign in: password, pending, pyotp's code, verified."""
    user = member_make()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        login_password(client, user)
        page = client.get(reverse("twofactor-setup")).content.decode()
        app = pyotp.TOTP(re.search(r'id="totp-secret"[^>]*>([A-Z2-7 ]+)<', page).group(1).replace(" ", ""))
        assert client.post(reverse("twofactor-setup"), {"code": app.now()}).status_code == 200
        client.post(reverse("account_logout"))

        traveller.shift(timedelta(seconds=30))  # the next code: the set-up code cannot be used again
        login_password(client, user)
        assert session_user_id(client) is None
        assert client.get("/account/")["Location"].startswith(reverse("account_login"))
        login_code(client, app.now())
    assert session_user_id(client) == str(user.pk)
    assert client.get("/account/").status_code == 200
    assert client.get("/api/v1/me/").status_code == 200


def test_a_user_without_two_factor_logs_in_with_the_password_alone(client):
    user = member_make()
    response = login_password(client, user)
    assert response.status_code == 302
    assert response["Location"] != reverse("twofactor-verify")
    assert session_user_id(client) == str(user.pk)


def test_the_session_key_changes_after_the_password_and_again_after_the_code(client, member):
    user, device = member
    client.get(reverse("account_login"))
    keys = [client.session.session_key]
    login_password(client, user)
    keys.append(client.session.session_key)
    login_code(client, authenticator(device).now())
    keys.append(client.session.session_key)
    assert len(set(keys)) == 3


def test_the_next_address_is_kept_through_the_second_factor(client, member):
    user, device = member
    login_password(client, user, next_url="/en/blog/")
    response = login_code(client, authenticator(device).now())
    assert response["Location"] == "/en/blog/"


def test_the_pending_login_expires_after_fifteen_minutes(client, member):
    user, device = member
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        login_password(client, user)
        traveller.shift(timedelta(minutes=15, seconds=5))
        assert client.get(reverse("twofactor-verify"))["Location"] == reverse("account_login")
        response = login_code(client, authenticator(device).now())
    assert response["Location"] == reverse("account_login")
    assert session_user_id(client) is None


def test_the_pending_login_still_works_after_fourteen_minutes(client, member):
    user, device = member
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        login_password(client, user)
        traveller.shift(timedelta(minutes=14))
        login_code(client, authenticator(device).now())
    assert session_user_id(client) == str(user.pk)


def test_a_totp_code_is_refused_the_second_time(client, member):
    user, device = member
    with time_machine.travel(timezone.now(), tick=False):
        code = authenticator(device).now()
        login_password(client, user)
        login_code(client, code)
        client.post(reverse("account_logout"))
        login_password(client, user)
        response = login_code(client, code)
    assert response.status_code == 200
    assert "form-field__error" in response.content.decode()
    assert session_user_id(client) is None
    assert SecurityEvent.objects.filter(user=user, type=SecurityEvent.Type.TWO_FACTOR_FAILURE).count() == 1


def test_a_backup_code_completes_the_login_once(client, member):
    user, _device = member
    code = BackupCodeDevice.objects.create(user=user, name="Backup codes").codes_replace()[0]
    login_password(client, user)
    login_code(client, code.lower())
    assert session_user_id(client) == str(user.pk)
    client.post(reverse("account_logout"))
    login_password(client, user)
    login_code(client, code)
    assert session_user_id(client) is None


def test_five_wrong_codes_lock_the_second_factor_until_the_window_passes(client, member):
    user, device = member
    window_start = datetime.fromtimestamp(time.time() // FAILURE_WINDOW * FAILURE_WINDOW, tz=UTC)
    with time_machine.travel(window_start, tick=False) as traveller:
        login_password(client, user)
        for _attempt in range(FAILURE_LIMIT):
            traveller.shift(timedelta(seconds=30))  # past django-otp's own back-off (1, 2, 4, 8 s)
            assert login_code(client, "000000").status_code == 200
        traveller.shift(timedelta(seconds=30))
        response = login_code(client, authenticator(device).now())
        assert response.status_code == 429
        limited = SecurityEvent.objects.get(user=user, type=SecurityEvent.Type.RATE_LIMITED)
        assert limited.details["limit"] == "twofactor"
        assert session_user_id(client) is None
        traveller.shift(timedelta(seconds=FAILURE_WINDOW))  # the next window: the counter starts again
        login_password(client, user)
        login_code(client, authenticator(device).now())
    assert session_user_id(client) == str(user.pk)
    assert SecurityEvent.objects.filter(user=user, type=SecurityEvent.Type.TWO_FACTOR_FAILURE).count() == 5


def _password_reset(client, user):
    client.post(reverse("account_reset_password"), {"email": user.email})
    link = re.search(r"https?://[^/\s]+(/\S*/password/reset/key/\S+/)", mail.outbox[-1].body).group(1)
    form_url = client.get(link)["Location"]
    return client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})


@pytest.mark.parametrize("login_on_reset", [False, True])
def test_a_password_reset_does_not_skip_the_second_factor(client, member, settings, login_on_reset):
    settings.ACCOUNT_LOGIN_ON_PASSWORD_RESET = login_on_reset
    user, device = member
    response = _password_reset(client, user)
    assert response.status_code == 302
    assert (response["Location"] == reverse("twofactor-verify")) is login_on_reset
    assert session_user_id(client) is None
    if not login_on_reset:
        assert login_password(client, user, password=NEW_PASSWORD)["Location"] == reverse("twofactor-verify")
    assert client.get(reverse("account_login"))["Location"] == reverse("twofactor-verify")
    assert client.get("/api/v1/me/").status_code == 401
    login_code(client, authenticator(device).now())
    assert session_user_id(client) == str(user.pk)
