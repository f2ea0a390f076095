"""GET/PATCH /api/v1/me/: the signed-in user's own profile."""

import pytest
from rest_framework.test import APIClient

from accounts.services import api_token_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_me_requires_authentication():
    response = APIClient().get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert set(response.json()) == {"code", "detail", "fields"}


def test_me_returns_the_profile(api, user):
    body = api.get("/api/v1/me/").json()
    assert body["email"] == user.email
    assert body["preferred_language"] == "fr"


def test_me_accepts_a_token():
    from tests.factories import UserFactory

    owner = UserFactory()
    issued = api_token_create(user=owner, name="script")
    response = APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {issued.key}")
    assert response.status_code == 200
    assert response.json()["email"] == owner.email


def test_me_patch_updates_name_and_language(api, user):
    response = api.patch("/api/v1/me/", {"display_name": "  Léa Dupont ", "preferred_language": "en"})
    assert response.status_code == 200
    user.refresh_from_db()
    assert (user.display_name, user.preferred_language) == ("Léa Dupont", "en")


def test_me_patch_refuses_an_unknown_language_and_changes_nothing(api, user):
    before = user.display_name
    response = api.patch("/api/v1/me/", {"display_name": "Autre", "preferred_language": "xx"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "preferred_language" in body["fields"]
    user.refresh_from_db()
    assert user.display_name == before


def test_me_patch_ignores_read_only_email(api, user):
    original = user.email
    response = api.patch("/api/v1/me/", {"email": "hacker@example.com"})
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.email == original
