"""French pages at unprefixed URLs, English under /en/; the API and admin follow the visitor."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_unprefixed_pages_are_french(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b'<html lang="fr"' in response.content
    assert response["Content-Language"] == "fr"


def test_pages_under_en_are_english(client):
    response = client.get("/en/")
    assert response.status_code == 200
    assert b'<html lang="en"' in response.content
    assert response["Content-Language"] == "en"


def test_french_pages_ignore_an_english_browser(client):
    """The address decides a page's language, so a shared link shows the same page to everyone."""
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert b'<html lang="fr"' in response.content


def test_language_switch_redirects_to_the_english_page_and_sets_the_cookie(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["samesite"] == "Lax"
    assert client.get(response["Location"]).status_code == 200


def test_language_switch_back_to_french_drops_the_prefix(client):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/en/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"


def test_language_switch_without_next_uses_the_referring_page(client):
    response = client.post("/i18n/setlang/", {"language": "fr"}, HTTP_REFERER="http://testserver/en/")
    assert response.status_code == 302
    assert response["Location"] == "http://testserver/"


def test_language_switch_refuses_an_external_next(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_api_follows_accept_language(client):
    body = client.get("/api/v1/no-such-endpoint/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["detail"] == "Not found."


def test_api_speaks_french_by_default(client):
    body = client.get("/api/v1/no-such-endpoint/").json()
    assert body["detail"] == "Introuvable."


def test_api_prefers_the_language_cookie_over_accept_language(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    body = client.get("/api/v1/no-such-endpoint/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["detail"] == "Introuvable."


def test_admin_follows_the_language_cookie(client):
    """The admin login hands over to the site's login page in the visitor's language (one login flow)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/admin/login/")
    assert response["Location"] == "/en/accounts/login/?next=/admin/"
