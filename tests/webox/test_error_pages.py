"""Unknown addresses: an HTML page for people, the API's JSON error shape under /api/."""

import pytest

pytestmark = pytest.mark.django_db


def test_unknown_page_renders_the_html_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert b'<html lang="fr"' in response.content


def test_unknown_english_page_renders_the_html_404_in_english(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert b'<html lang="en"' in response.content


def test_unknown_api_path_answers_json_with_the_error_shape(client):
    response = client.get("/api/v1/no-such-endpoint/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"code", "detail", "fields"}
    assert body["code"] == "not_found"
    assert body["fields"] == {}
