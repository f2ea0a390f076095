"""Personal API tokens: shown once, stored hashed, checked in constant time, owner only, audited."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken, SecurityEvent
from accounts.services.tokens import api_token_hash

from .profile_support import token_make, verified_user_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return verified_user_make()


@pytest.fixture
def api(member):
    client = APIClient()
    client.force_authenticate(member)
    return client


def as_token(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def stored_values(token: ApiToken) -> list[str]:
    return [str(value) for value in ApiToken.objects.filter(pk=token.pk).values().get().values()]


def test_rest_framework_uses_webox_tokens_first_and_not_drf_authtoken():
    classes = settings.REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"]
    assert classes[0] == "accounts.api.authentication.ApiTokenAuthentication"
    assert "rest_framework.authtoken" not in settings.INSTALLED_APPS


def test_create_token_returns_the_key_once_and_stores_only_its_hash(api, member):
    response = api.post("/api/v1/me/tokens/", {"name": "backup script", "expires_in_days": 30})
    assert response.status_code == 201
    body = response.json()
    key = body["key"]
    assert key.startswith("wbx_") and len(key) > 40 and body["prefix"] == key[:12]
    token = ApiToken.objects.get(pk=body["id"])
    assert token.key_hash == api_token_hash(key)
    assert not any(key in value for value in stored_values(token))
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    listed = api.get("/api/v1/me/tokens/").json()
    assert listed["count"] == 1 and "key" not in listed["results"][0]
    assert listed["results"][0]["prefix"] == key[:12]
    assert SecurityEvent.objects.filter(user=member, type="token_created", details__prefix=key[:12]).exists()


def test_a_token_cannot_mint_another_token(member):
    """A leaked (perhaps expiring) token must not be able to create a longer-lived one."""
    issued = token_make(member, expires_in_days=1)
    response = as_token(issued.key).post("/api/v1/me/tokens/", {"name": "persistence"})
    assert response.status_code == 403
    assert response.json()["code"] == "session_required"
    assert list(ApiToken.objects.filter(user=member)) == [issued.token]


def test_create_token_needs_a_name(api):
    response = api.post("/api/v1/me/tokens/", {"expires_in_days": 0})
    assert response.status_code == 400
    assert {"name", "expires_in_days"} <= set(response.json()["fields"])


def test_token_authenticates_the_api_and_notes_its_use_once_a_minute(member):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        issued = token_make(member)
        client = as_token(issued.key)
        assert client.get("/api/v1/me/").json()["email"] == member.email
        first_use = ApiToken.objects.get(pk=issued.token.pk).last_used_at
        assert first_use == timezone.now()
        clock.shift(timedelta(seconds=30))
        client.get("/api/v1/me/")
        assert ApiToken.objects.get(pk=issued.token.pk).last_used_at == first_use
        clock.shift(timedelta(seconds=31))
        client.get("/api/v1/me/")
        assert ApiToken.objects.get(pk=issued.token.pk).last_used_at == timezone.now()


def test_token_list_is_the_callers_only(member):
    token_make(verified_user_make(), name="not mine")
    token_make(member, name="mine")
    body = as_token(token_make(member, name="cli").key).get("/api/v1/me/tokens/").json()
    assert sorted(row["name"] for row in body["results"]) == ["cli", "mine"]


@pytest.mark.parametrize(
    "header",
    [
        "Token wbx_not-a-real-key-at-all-0123456789",
        "Token",
        "Token a b",
        "Token short",
    ],
)
def test_bad_token_headers_are_refused_with_401(member, header):
    token_make(member)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_a_key_with_the_right_prefix_but_wrong_secret_is_refused(member):
    issued = token_make(member)
    forged = issued.key[:12] + "x" * (len(issued.key) - 12)
    assert as_token(forged).get("/api/v1/me/").status_code == 401


def test_expired_token_is_refused(member):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        issued = token_make(member, expires_in_days=1)
        assert as_token(issued.key).get("/api/v1/me/").status_code == 200
        clock.shift(timedelta(days=1, seconds=1))
        response = as_token(issued.key).get("/api/v1/me/")
    assert response.status_code == 401
    assert "expir" in response.json()["detail"].lower()  # "Token expired." / "Jeton expiré."


def test_token_of_an_inactive_user_is_refused(member):
    issued = token_make(member)
    member.is_active = False
    member.save()
    assert as_token(issued.key).get("/api/v1/me/").status_code == 401


def test_anonymous_api_request_gets_401_with_a_token_challenge():
    response = APIClient().get("/api/v1/me/tokens/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_delete_own_token_revokes_it(api, member):
    issued = token_make(member)
    response = api.delete(f"/api/v1/me/tokens/{issued.token.pk}/")
    assert response.status_code == 204
    assert not ApiToken.objects.filter(pk=issued.token.pk).exists()
    assert as_token(issued.key).get("/api/v1/me/").status_code == 401
    assert SecurityEvent.objects.filter(user=member, type="token_revoked", details__prefix=issued.token.prefix).exists()


def test_delete_another_users_token_is_a_404(api):
    victim = token_make(verified_user_make())
    response = api.delete(f"/api/v1/me/tokens/{victim.token.pk}/")
    assert response.status_code == 404
    assert as_token(victim.key).get("/api/v1/me/").status_code == 200


# -- The tokens page on the account ---------------------------------------------


def test_tokens_page_shows_a_new_key_once(client, member):
    client.force_login(member)
    response = client.post(reverse("accounts:tokens"), {"name": "laptop", "expires_in_days": "90"})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    key = response.context["issued"].key
    assert key in response.content.decode()
    assert as_token(key).get("/api/v1/me/").status_code == 200
    again = client.get(reverse("accounts:tokens")).content.decode()
    assert key not in again and key[:12] in again


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_tokens_page_renders(client, member, prefix):
    client.force_login(member)
    token_make(member, name="ci")
    response = client.get(f"{prefix}/account/tokens/")
    assert response.status_code == 200 and "ci" in response.content.decode()


def test_tokens_page_revokes_own_token_and_404s_on_others(client, member):
    client.force_login(member)
    mine, theirs = token_make(member), token_make(verified_user_make())
    assert client.post(reverse("accounts:token-revoke", args=[theirs.token.pk])).status_code == 404
    assert ApiToken.objects.filter(pk=theirs.token.pk).exists()
    assert client.post(reverse("accounts:token-revoke", args=[mine.token.pk])).status_code == 302
    assert not ApiToken.objects.filter(pk=mine.token.pk).exists()
