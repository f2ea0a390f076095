"""Sign-up, email verification, login sessions and the verified-email guard."""

from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from accounts.api.permissions import IsEmailVerified
from accounts.models import User
from accounts.verification import email_verified_required, user_email_verified
from tests.factories import DEFAULT_PASSWORD, UserFactory

from .profile_support import html_body, last_mail_to, mail_links, verified_user_make

pytestmark = pytest.mark.django_db

PASSPHRASE = "  Le vif zéphyr jubile sur les kumquats du clown gracieux — 2026, encore et toujours !  "


def signup(client, email="lea@example.com", password=PASSPHRASE, *, prefix="", **extra):
    data = {"email": email, "password1": password, "password2": password, "accept_terms": "on", **extra}
    return client.post(f"{prefix}/accounts/signup/", data)


def confirm(client, path: str):
    """Open the verification link, then post its confirmation form (allauth confirms on POST)."""
    assert client.get(path).status_code == 200
    return client.post(path)


def test_signup_creates_an_unverified_user_who_accepted_the_terms(client):
    before = timezone.now()
    response = signup(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="lea@example.com")
    assert user.terms_accepted_at is not None and user.terms_accepted_at >= before
    assert user.preferred_language == "fr"
    assert not user_email_verified(user)
    assert not client.get(reverse("accounts:account")).wsgi_request.user.is_authenticated


def test_signup_requires_accepting_the_terms(client):
    response = signup(client, accept_terms="")
    assert response.status_code == 200
    assert "accept_terms" in response.context["form"].errors
    assert not User.objects.exists()


def test_signup_form_links_the_terms_and_the_privacy_policy(client):
    body = client.get("/en/accounts/signup/").content.decode()
    assert 'href="/en/legal/terms/"' in body and 'href="/en/legal/privacy/"' in body


def test_signup_keeps_a_long_passphrase_verbatim(client):
    assert len(PASSPHRASE) > 64
    signup(client)
    user = User.objects.get(email="lea@example.com")
    assert user.check_password(PASSPHRASE)
    assert not user.check_password(PASSPHRASE.strip())


@pytest.mark.parametrize("password", ["short1", "1234567890123", "password123", "lea@example.com1"])
def test_signup_applies_django_password_validators(client, password):
    response = signup(client, password=password)
    assert response.status_code == 200
    assert "password1" in response.context["form"].errors
    assert not User.objects.exists()


def test_signup_answers_the_same_for_a_known_email(client):
    """No enumeration: a taken address gets the same answer, and its owner an email instead."""
    owner = verified_user_make(email="taken@example.com")
    known = signup(client, email="TAKEN@example.com")
    unknown = signup(client, email="new@example.com")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert User.objects.filter(email="taken@example.com").count() == 1
    owner.refresh_from_db()
    assert owner.check_password(DEFAULT_PASSWORD)
    notice = last_mail_to("taken@example.com")
    assert "/accounts/password/reset/" in notice.body  # "you already have an account: reset your password"


def test_signup_in_english_sends_an_english_html_and_text_email(client):
    signup(client, prefix="/en")
    user = User.objects.get(email="lea@example.com")
    assert user.preferred_language == "en"
    message = last_mail_to("lea@example.com")
    assert message.subject == "[WEBOX] Please Confirm Your Email Address"
    assert mail_links(message)[0].startswith("/en/accounts/confirm-email/")
    assert "48 hours" in message.body
    assert '<html lang="en">' in html_body(message)


def test_signup_in_french_sends_a_french_email(client):
    signup(client)
    message = last_mail_to("lea@example.com")
    assert message.subject == "[WEBOX] Confirmez votre adresse e-mail"
    assert mail_links(message)[0].startswith("/accounts/confirm-email/")
    assert '<html lang="fr">' in html_body(message)


def test_verification_link_verifies_and_then_login_works(client):
    signup(client)
    response = confirm(client, mail_links(last_mail_to("lea@example.com"))[0])
    assert response.status_code == 302
    user = User.objects.get(email="lea@example.com")
    assert user_email_verified(user)
    login = client.post(reverse("account_login"), {"login": "LEA@example.com", "password": PASSPHRASE})
    assert login.status_code == 302
    assert client.get(reverse("accounts:account")).status_code == 200


def test_login_before_verification_is_refused_and_resends_the_link(client):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        signup(client)
        clock.shift(timedelta(minutes=4))  # past allauth's re-send cooldown (3 minutes)
        mail.outbox.clear()
        response = client.post(reverse("account_login"), {"login": "lea@example.com", "password": PASSPHRASE})
    assert response["Location"] == reverse("account_email_verification_sent")
    assert mail_links(last_mail_to("lea@example.com"))[0].startswith("/accounts/confirm-email/")
    assert not client.get(reverse("accounts:account")).wsgi_request.user.is_authenticated


@pytest.mark.parametrize(("hours", "verified"), [(47, True), (49, False)])
def test_verification_link_expires_after_48_hours(client, hours, verified):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        signup(client)
        link = mail_links(last_mail_to("lea@example.com"))[0]
        clock.shift(timedelta(hours=hours))
        client.post(link)
    assert user_email_verified(User.objects.get(email="lea@example.com")) is verified


def test_changed_email_is_used_only_once_verified(client):
    user = verified_user_make(email="old@example.com")
    client.force_login(user)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "new@example.com"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "old@example.com"
    assert EmailAddress.objects.get(email="new@example.com").verified is False
    confirm(client, mail_links(last_mail_to("new@example.com"))[0])
    user.refresh_from_db()
    assert user.email == "new@example.com"
    assert user_email_verified(user)
    assert not EmailAddress.objects.filter(email="old@example.com").exists()
    assert "new@example.com" in last_mail_to("old@example.com").body


def test_remember_me_keeps_the_session_two_weeks(client):
    user = verified_user_make()
    client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD, "remember": "on"})
    assert client.session.get_expiry_age() == 14 * 24 * 3600
    assert not client.session.get_expire_at_browser_close()
    assert client.cookies["sessionid"]["max-age"] == 14 * 24 * 3600


def test_without_remember_me_the_session_ends_with_the_browser(client):
    user = verified_user_make()
    client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})
    assert client.session.get_expire_at_browser_close()
    assert client.cookies["sessionid"]["max-age"] == ""


def test_logout_needs_a_post_and_kills_the_server_session(client):
    user = verified_user_make()
    client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})
    session_key = client.session.session_key
    assert client.get(reverse("account_logout")).status_code == 200  # a confirmation page, still logged in
    assert client.get(reverse("accounts:account")).status_code == 200
    client.post(reverse("account_logout"))
    assert not client.session.exists(session_key)
    client.cookies["sessionid"] = session_key  # replaying the old cookie does not help
    assert client.get(reverse("accounts:account")).status_code == 302


# -- The verified-email guard (buying, the AI studio, posting) ---------------


@email_verified_required
def _guarded_view(request):
    return HttpResponse("ok")


def test_email_verified_required_lets_a_verified_user_through(rf):
    request = rf.get("/studio/")
    request.user = verified_user_make()
    assert _guarded_view(request).content == b"ok"


def test_email_verified_required_stops_an_unverified_user_and_resends_the_link(rf):
    user = UserFactory()
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    request = rf.get("/studio/")
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    response = _guarded_view(request)
    assert response.status_code == 403
    assert last_mail_to(user.email)


def test_email_verified_required_sends_anonymous_visitors_to_login(rf):
    request = rf.get("/studio/")
    request.user = AnonymousUser()
    response = _guarded_view(request)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


class _GuardedApi(APIView):
    permission_classes = [IsEmailVerified]

    def get(self, request):
        return Response({"ok": True})


@pytest.mark.parametrize(("verified", "status", "code"), [(True, 200, None), (False, 403, "email_not_verified")])
def test_is_email_verified_permission(verified, status, code):
    user = verified_user_make() if verified else UserFactory()
    request = APIRequestFactory().get("/api/v1/anything/")
    force_authenticate(request, user=user)
    response = _GuardedApi.as_view()(request)
    assert response.status_code == status
    if code:
        assert response.data["code"] == code


def test_is_email_verified_permission_answers_401_to_anonymous_requests():
    response = _GuardedApi.as_view()(APIRequestFactory().get("/api/v1/anything/"))
    assert response.status_code == 401
