"""REST endpoints of accounts under /api/v1/."""

from django.urls import path

from .views import MeApi, MeTokenDeleteApi, MeTokenListCreateApi

app_name = "accounts-api"
urlpatterns = [
    path("me/", MeApi.as_view(), name="me"),
    path("me/tokens/", MeTokenListCreateApi.as_view(), name="me-tokens"),
    path("me/tokens/<int:token_id>/", MeTokenDeleteApi.as_view(), name="me-token"),
]
