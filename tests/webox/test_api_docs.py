"""The API contract: OpenAPI schema and docs, authentication required, paginated lists."""

import re

import pytest
from django.urls import path
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.serializers import Serializer
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_schema_is_openapi_3(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "WEBOX API"
    assert all(route.startswith("/api/v1/") for route in schema["paths"])


def test_docs_page_loads_scripts_from_files_only(client):
    """The docs page must work under the CSP, which forbids inline scripts."""
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, flags=re.DOTALL | re.IGNORECASE)
    assert scripts
    for attributes, body in scripts:
        assert "src=" in attributes
        assert body.strip() == ""
    assert not re.search(r"\son[a-z]+\s*=", html, flags=re.IGNORECASE), "inline event handler"


def test_docs_script_is_served_as_javascript(client):
    response = client.get("/api/docs/?script=")
    assert response.status_code == 200
    assert "javascript" in response["Content-Type"]


def test_anonymous_request_to_a_private_endpoint_gets_the_error_shape():
    response = APIClient().get("/api/v1/me/")
    assert response.status_code in (401, 403)
    body = response.json()
    assert set(body) == {"code", "detail", "fields"}
    assert body["code"] == "not_authenticated"


class NumbersApi(ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = Serializer

    def get_queryset(self):
        return list(range(150))

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(page)


urlpatterns = [path("api/v1/numbers/", NumbersApi.as_view())]


@pytest.mark.urls(__name__)
def test_lists_are_paginated_with_count_next_previous_results():
    body = APIClient().get("/api/v1/numbers/").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 150
    assert len(body["results"]) == 24
    assert body["next"].endswith("/api/v1/numbers/?page=2")
    assert body["previous"] is None


@pytest.mark.urls(__name__)
def test_page_size_is_capped_at_100():
    body = APIClient().get("/api/v1/numbers/?page_size=1000").json()
    assert len(body["results"]) == 100
    body = APIClient().get("/api/v1/numbers/?page_size=5&page=2").json()
    assert body["results"] == [5, 6, 7, 8, 9]
