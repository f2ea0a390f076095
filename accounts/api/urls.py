"""REST endpoints of accounts under /api/v1/."""

from django.urls import path

from .views import MeApi

app_name = "accounts-api"
urlpatterns = [
    path("me/", MeApi.as_view(), name="me"),
]
