"""Every API error has one shape: {"code", "detail", "fields"} with the right 4xx status."""

import pytest
from django.http import Http404
from django.urls import path
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.test import APIClient
from rest_framework.views import APIView

from webox.common.errors import ApplicationError, Conflict, NotFound, ProviderUnavailable


class QuantitySerializer(serializers.Serializer):
    quantity = serializers.IntegerField(min_value=1)


class ErrorsApi(APIView):
    permission_classes = [AllowAny]
    raised = {
        "conflict": Conflict("Stock changed.", code="out_of_stock"),
        "missing": NotFound("No such order."),
        "provider": ProviderUnavailable("Gateway down."),
        "invalid": ApplicationError("Bad promo.", code="promo_invalid", extra={"fields": {"code": ["expired"]}}),
        "http404": Http404("nope"),
    }

    def get(self, request, case):
        raise self.raised[case]

    def post(self, request, case):
        serializer = QuantitySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(serializer.validated_data)


urlpatterns = [path("api/v1/errors/<str:case>/", ErrorsApi.as_view())]
pytestmark = [pytest.mark.urls(__name__), pytest.mark.django_db]


@pytest.mark.parametrize(
    ("case", "status", "code"),
    [
        ("conflict", 409, "out_of_stock"),
        ("missing", 404, "not_found"),
        ("provider", 503, "provider_unavailable"),
        ("invalid", 400, "promo_invalid"),
        ("http404", 404, "not_found"),
    ],
)
def test_application_errors_map_to_status_and_code(case, status, code):
    response = APIClient().get(f"/api/v1/errors/{case}/")
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"code", "detail", "fields"}
    assert body["code"] == code


def test_application_error_fields_are_returned():
    body = APIClient().get("/api/v1/errors/invalid/").json()
    assert body == {"code": "promo_invalid", "detail": "Bad promo.", "fields": {"code": ["expired"]}}


def test_validation_errors_list_each_field():
    response = APIClient().post("/api/v1/errors/any/", {"quantity": 0}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["fields"]) == ["quantity"]
    assert isinstance(body["fields"]["quantity"][0], str)


def test_malformed_json_is_a_400_with_the_error_shape():
    response = APIClient().post("/api/v1/errors/any/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
