"""Password reset: same answer for every address, emails in the user's language, short-lived single-use links."""

from datetime import timedelta

import pytest
import time_machine
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import DEFAULT_PASSWORD

from .profile_support import html_body, last_mail_to, mail_links, verified_user_make

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "une phrase de passe toute neuve, 2026"


def request_reset(client, email: str, *, prefix: str = ""):
    return client.post(f"{prefix}/accounts/password/reset/", {"email": email})


def reset_link(email: str) -> str:
    return next(path for path in mail_links(last_mail_to(email)) if "/password/reset/key/" in path)


def use_link(client, link: str, password: str = NEW_PASSWORD):
    """Open a reset link and post a new password; return the last response."""
    opened = client.get(link)
    if opened.status_code != 302:
        return opened
    return client.post(opened["Location"], {"password1": password, "password2": password})


def test_reset_uses_djangos_token_generator_with_a_one_hour_timeout():
    assert settings.PASSWORD_RESET_TIMEOUT == 3600
    assert isinstance(default_token_generator, PasswordResetTokenGenerator)


def test_reset_answers_the_same_for_known_and_unknown_addresses(client):
    verified_user_make(email="known@example.com")
    known = request_reset(client, "known@example.com")
    unknown = request_reset(client, "nobody@example.com")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known["Location"] == reverse("account_reset_password_done")
    assert "/password/reset/key/" in last_mail_to("known@example.com").body
    assert "/password/reset/key/" not in last_mail_to("nobody@example.com").body


def test_reset_email_is_html_and_text_in_the_users_language(client):
    verified_user_make(email="ann@example.com", preferred_language="en")
    request_reset(client, "ann@example.com")  # asked from a French page
    message = last_mail_to("ann@example.com")
    assert message.subject == "[WEBOX] Password Reset Email"
    assert "1 hour" in message.body
    assert reset_link("ann@example.com").startswith("/en/accounts/password/reset/key/")
    html = html_body(message)
    assert '<html lang="en">' in html and "/en/accounts/password/reset/key/" in html


def test_reset_email_is_french_for_a_french_user_asking_from_an_english_page(client):
    verified_user_make(email="paul@example.com", preferred_language="fr")
    request_reset(client, "paul@example.com", prefix="/en")
    message = last_mail_to("paul@example.com")
    assert message.subject == "[WEBOX] E-mail de réinitialisation de mot de passe"
    assert reset_link("paul@example.com").startswith("/accounts/password/reset/key/")


def test_reset_link_sets_the_password_and_does_not_log_in(client):
    user = verified_user_make(email="lea@example.com")
    request_reset(client, user.email)
    response = use_link(client, reset_link(user.email))
    assert response["Location"] == reverse("account_reset_password_from_key_done")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert not client.get(reverse("accounts:account")).wsgi_request.user.is_authenticated


def test_reset_link_works_only_once(client):
    user = verified_user_make(email="lea@example.com")
    request_reset(client, user.email)
    link = reset_link(user.email)
    use_link(client, link)
    second = use_link(client, link, password="another brand new passphrase 99")
    assert second.status_code == 200 and second.context["token_fail"]
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


@pytest.mark.parametrize(("minutes", "works"), [(59, True), (61, False)])
def test_reset_link_expires_after_one_hour(client, minutes, works):
    user = verified_user_make(email="lea@example.com")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        request_reset(client, user.email)
        clock.shift(timedelta(minutes=minutes))
        use_link(client, reset_link(user.email))
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD) is works


def test_reset_link_dies_when_the_password_changes(client):
    user = verified_user_make(email="lea@example.com")
    request_reset(client, user.email)
    user.set_password("changed meanwhile by the owner 42")
    user.save()
    response = use_link(client, reset_link(user.email))
    assert response.context["token_fail"]
    user.refresh_from_db()
    assert not user.check_password(NEW_PASSWORD)


def test_reset_link_dies_when_the_email_changes(client):
    user = verified_user_make(email="lea@example.com")
    request_reset(client, user.email)
    link = reset_link(user.email)
    EmailAddress.objects.filter(user=user).update(email="lea.new@example.com")
    user.email = "lea.new@example.com"
    user.save()
    response = use_link(client, link)
    assert response.context["token_fail"]
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)


def test_reset_tells_the_user_by_email_that_the_password_changed(client):
    user = verified_user_make(email="lea@example.com")
    request_reset(client, user.email)
    link = reset_link(user.email)
    mail.outbox.clear()
    use_link(client, link)
    notice = last_mail_to(user.email)
    assert "réinitialisé" in notice.body  # allauth's "Your password has been reset." in French
    assert "WEBOX" in html_body(notice)
