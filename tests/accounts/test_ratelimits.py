"""The strict tier on allauth's account views: 5 POSTs per account and 20 per IP each minute."""

import logging
from datetime import timedelta

import pytest
from django.core.cache import caches

from accounts.models import SecurityEvent
from tests.factories import DEFAULT_PASSWORD

from .security_support import LOGIN_URL, T0, login_post, member_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen(time_machine):
    """Freeze the clock inside one rate-limit window."""
    time_machine.move_to(T0, tick=False)
    return time_machine


def _retry_after(response) -> int:
    return int(response["Retry-After"])


def test_sixth_login_post_for_one_account_within_a_minute_gets_429_with_retry_after(client, frozen):
    user = member_make()
    answers = [login_post(client, user.email, "wrong-password").status_code for _ in range(5)]
    assert answers == [200] * 5

    response = login_post(client, user.email, "wrong-password", REMOTE_ADDR="198.51.100.9")

    assert response.status_code == 429
    assert 1 <= _retry_after(response) <= 60
    assert response["Content-Type"].startswith("text/html")
    assert "errors/429.html" in [template.name for template in response.templates]
    assert b"Too many requests" in response.content


def test_twenty_first_login_post_from_one_ip_gets_429(client, frozen):
    answers = [login_post(client, f"visitor{n}@example.com", "wrong-password").status_code for n in range(20)]
    assert 429 not in answers

    response = login_post(client, "someone-else@example.com", "wrong-password")

    assert response.status_code == 429
    assert 1 <= _retry_after(response) <= 60


def test_right_password_is_refused_too_once_the_account_is_limited(client, frozen):
    user = member_make()
    for _ in range(5):
        login_post(client, user.email, "wrong-password")
    response = login_post(client, user.email, DEFAULT_PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_showing_the_login_form_is_not_counted(client, frozen):
    for _ in range(30):
        assert client.get(LOGIN_URL).status_code == 200
    assert login_post(client, "someone@example.com", "wrong-password").status_code == 200


def test_the_limit_lifts_in_the_next_window(client, frozen):
    user = member_make()
    for n in range(20):
        login_post(client, f"visitor{n}@example.com", "wrong-password")
    assert login_post(client, user.email, DEFAULT_PASSWORD).status_code == 429

    frozen.move_to(T0 + timedelta(seconds=61), tick=False)

    assert login_post(client, user.email, DEFAULT_PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/en/accounts/signup/", {"email": "new@example.com", "password1": "x", "password2": "y"}),
        ("/en/accounts/password/reset/", {"email": "someone@example.com"}),
    ],
)
def test_strict_tier_guards_signup_and_password_reset(client, frozen, url, data):
    answers = [client.post(url, data).status_code for _ in range(6)]
    assert 429 not in answers[:5]
    assert answers[5] == 429


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/en/accounts/password/change/", {"oldpassword": "wrong", "password1": "x", "password2": "x"}),
        ("/en/accounts/email/", {"action_send": "", "email": "someone@example.com"}),
    ],
)
def test_strict_tier_guards_password_change_and_email_resend_per_user(client, frozen, url, data):
    client.force_login(member_make())
    answers = [client.post(url, data).status_code for _ in range(6)]
    assert 429 not in answers[:5]
    assert answers[5] == 429


def test_reset_from_key_is_counted_per_link(client, frozen):
    url = "/en/accounts/password/reset/key/1a-set-password/"
    answers = [client.post(url, {"password1": "x", "password2": "x"}).status_code for _ in range(6)]
    assert 429 not in answers[:5]
    assert answers[5] == 429


def test_first_refusal_of_a_key_in_a_window_is_recorded_once(client, frozen):
    user = member_make()
    for _ in range(9):
        login_post(client, user.email, "wrong-password")

    events = SecurityEvent.objects.filter(type=SecurityEvent.Type.RATE_LIMITED)
    assert events.count() == 1
    event = events.get()
    assert event.user == user
    assert event.ip == "127.0.0.1"
    assert event.details["tier"] == "strict"
    assert event.details["scope"] == "login"
    assert event.details["rule"] == "account"


def test_a_test_can_switch_rate_limits_off_for_itself(client, frozen, settings):
    settings.RATELIMIT_ENABLE = False
    answers = [login_post(client, "someone@example.com", "wrong-password").status_code for _ in range(25)]
    assert 429 not in answers


def test_strict_tier_fails_closed_when_redis_is_down(client, redis_down, caplog):
    user = member_make()
    with caplog.at_level(logging.WARNING, logger="webox.security"):
        response = login_post(client, user.email, DEFAULT_PASSWORD)

    assert response.status_code == 429
    assert _retry_after(response) == 60
    assert "_auth_user_id" not in client.session
    assert "tier strict refuses" in caplog.text
    assert not SecurityEvent.objects.filter(type=SecurityEvent.Type.RATE_LIMITED).exists()


def test_the_api_stays_open_when_redis_is_down(client, redis_down):
    client.force_login(member_make())
    response = client.get("/api/v1/me/")
    assert response.status_code == 200


@pytest.mark.redis
def test_strict_counters_live_in_redis(client, frozen):
    from django_redis.cache import RedisCache

    cache = caches["default"]
    assert isinstance(cache, RedisCache)
    user = member_make()
    answers = [login_post(client, user.email, "wrong-password").status_code for _ in range(6)]
    assert answers[-1] == 429
    assert cache.keys("rl:*"), "django-ratelimit's counters should be stored in Redis"
