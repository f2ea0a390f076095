"""Login lockout: 5 failed logins for one account in 5 minutes refuse every password until the window passes.

The clock moves with time-machine. Each test steps past the strict tier's
one-minute window (5 login POSTs per account) before the attempt it checks, so
that the answer comes from the lockout and not from the rate limit.
"""

from datetime import timedelta

import pytest

from accounts.models import SecurityEvent
from tests.factories import DEFAULT_PASSWORD

from .security_support import T0, is_logged_in, login_errors, login_post, member_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(T0, tick=False)
    return time_machine


def _fail_five_times(client, email: str) -> None:
    for _ in range(5):
        response = login_post(client, email, "wrong-password")
        assert response.status_code == 200


def test_five_failures_lock_the_account_and_refuse_the_right_password(client, clock):
    user = member_make()
    _fail_five_times(client, user.email)
    clock.move_to(T0 + timedelta(minutes=1, seconds=1), tick=False)

    response = login_post(client, user.email, DEFAULT_PASSWORD)

    assert response.status_code == 200
    assert not is_logged_in(client)
    assert login_errors(response) == ["Too many failed login attempts. Try again in 4 minutes."]


def test_the_lockout_is_recorded_once_in_the_audit_log(client, clock):
    user = member_make()
    _fail_five_times(client, user.email)
    clock.move_to(T0 + timedelta(minutes=1, seconds=1), tick=False)
    login_post(client, user.email, DEFAULT_PASSWORD)
    login_post(client, user.email, DEFAULT_PASSWORD)

    events = SecurityEvent.objects.filter(type=SecurityEvent.Type.LOGIN_LOCKED)
    assert [(event.user, event.ip) for event in events] == [(user, "127.0.0.1")]


def test_the_lock_still_holds_just_before_the_window_passes(client, clock):
    user = member_make()
    _fail_five_times(client, user.email)
    clock.move_to(T0 + timedelta(minutes=4, seconds=59), tick=False)

    response = login_post(client, user.email, DEFAULT_PASSWORD)

    assert not is_logged_in(client)
    assert login_errors(response) == ["Too many failed login attempts. Try again in 1 minute."]


def test_the_right_password_works_again_once_the_window_has_passed(client, clock):
    """The failures' timestamps age out with the clock, even while the cache (Redis) still holds them."""
    user = member_make()
    _fail_five_times(client, user.email)
    clock.move_to(T0 + timedelta(minutes=5, seconds=1), tick=False)

    response = login_post(client, user.email, DEFAULT_PASSWORD)

    assert response.status_code == 302
    assert is_logged_in(client)


def test_unknown_email_is_locked_out_exactly_like_a_known_account(client, clock):
    user = member_make()
    _fail_five_times(client, user.email)
    _fail_five_times(client, "nobody@example.com")
    clock.move_to(T0 + timedelta(minutes=1, seconds=1), tick=False)

    known = login_post(client, user.email, DEFAULT_PASSWORD)
    unknown = login_post(client, "nobody@example.com", DEFAULT_PASSWORD)

    assert known.status_code == unknown.status_code == 200
    assert login_errors(known) == login_errors(unknown)
    assert "Too many failed login attempts" in login_errors(unknown)[0]


def test_wrong_passwords_answer_the_same_for_known_and_unknown_emails(client, clock):
    user = member_make()
    known = login_post(client, user.email, "wrong-password")
    unknown = login_post(client, "nobody@example.com", "wrong-password")
    assert known.status_code == unknown.status_code == 200
    assert login_errors(known) == login_errors(unknown)


def test_failures_are_counted_per_account_whatever_the_case_of_the_email(client, clock):
    user = member_make()
    for variant in [user.email.upper(), user.email, user.email.title(), user.email.upper(), user.email]:
        login_post(client, variant, "wrong-password")
    clock.move_to(T0 + timedelta(minutes=1, seconds=1), tick=False)

    response = login_post(client, user.email, DEFAULT_PASSWORD)

    assert not is_logged_in(client)
    assert "Too many failed login attempts" in login_errors(response)[0]


def test_one_account_locked_does_not_lock_another(client, clock):
    locked, other = member_make(), member_make()
    _fail_five_times(client, locked.email)
    response = login_post(client, other.email, DEFAULT_PASSWORD)
    assert response.status_code == 302


def test_a_successful_login_forgets_earlier_failures(client, clock):
    user = member_make()
    for _ in range(4):
        login_post(client, user.email, "wrong-password")
    assert login_post(client, user.email, DEFAULT_PASSWORD).status_code == 302
    client.logout()
    clock.move_to(T0 + timedelta(minutes=1, seconds=1), tick=False)

    login_post(client, user.email, "wrong-password")

    assert login_post(client, user.email, DEFAULT_PASSWORD).status_code == 302
