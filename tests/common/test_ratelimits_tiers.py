"""The three tiers of webox.common.ratelimits on small views: figures, keys, 429 shapes, Redis outages."""

import json
import logging

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation
from django.views import View
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from tests.factories import UserFactory
from webox.common.ratelimits import RateLimitMixin, TierThrottleMixin, ratelimit_tier

T0 = "2026-03-02 09:00:00+00:00"
# The first refusal in a window is written to the audit log.
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_in_english(time_machine):
    time_machine.move_to(T0, tick=False)
    with translation.override("en"):
        yield


@ratelimit_tier("moderate", scope="test-write")
def write_view(request):
    return HttpResponse("ok")


@ratelimit_tier("relaxed", scope="test-read")
def read_view(request):
    return HttpResponse("ok")


class StrictPage(RateLimitMixin, View):
    ratelimit_tier = "strict"

    def post(self, request):
        return HttpResponse("sent")


class ContactApi(TierThrottleMixin, APIView):
    permission_classes = [AllowAny]
    ratelimit_tier = "strict"
    ratelimit_scope = "test-contact"

    def post(self, request):
        return Response({"ok": True})


def _request(method: str = "post", *, user=None, ip: str = "192.0.2.1", path: str = "/shop/cart/", data=None):
    request = getattr(RequestFactory(), method)(path, data or {}, REMOTE_ADDR=ip)
    request.user = user or AnonymousUser()
    return request


def _statuses(view, count: int, **kwargs) -> list[int]:
    return [view(_request(**kwargs)).status_code for _ in range(count)]


def test_cache_failures_reach_the_tiers(settings):
    """With RATELIMIT_FAIL_OPEN on, django-ratelimit would hide an outage and strict would fail open."""
    assert settings.RATELIMIT_FAIL_OPEN is False


def test_an_unknown_tier_is_refused_when_the_view_is_defined():
    with pytest.raises(ImproperlyConfigured):
        ratelimit_tier("lenient")


def test_moderate_allows_30_writes_a_minute_per_user_then_answers_429():
    user = UserFactory()
    answers = _statuses(write_view, 31, user=user)
    assert answers[:30] == [200] * 30
    assert answers[30] == 429


def test_moderate_counts_each_user_apart_even_from_one_address():
    first, second = UserFactory(), UserFactory()
    _statuses(write_view, 31, user=first)
    assert write_view(_request(user=second)).status_code == 200


def test_moderate_counts_anonymous_visitors_per_ip():
    assert _statuses(write_view, 31, ip="192.0.2.1")[30] == 429
    assert write_view(_request(ip="192.0.2.2")).status_code == 200


def test_moderate_does_not_count_reads():
    assert 429 not in _statuses(write_view, 40, method="get")


def test_relaxed_allows_300_requests_a_minute_per_ip_reads_included():
    answers = _statuses(read_view, 301, method="get")
    assert answers[:300] == [200] * 300
    assert answers[300] == 429


def test_html_429_has_retry_after_and_the_friendly_page():
    _statuses(write_view, 30)
    response = write_view(_request())
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert b"Too many requests" in response.content
    assert "no-cache" in response["Cache-Control"]


def test_429_under_the_api_path_is_json_with_retry_after():
    _statuses(write_view, 30, path="/api/v1/cart/items/")
    response = write_view(_request(path="/api/v1/cart/items/"))
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        "code": "rate_limited",
        "detail": "Too many requests. Please wait a moment and try again.",
        "fields": {},
    }
    assert 1 <= int(response["Retry-After"]) <= 60


def test_class_based_views_take_a_tier_by_name():
    view = StrictPage.as_view()
    answers = [view(_request(data={"email": "ana@example.com"})).status_code for _ in range(6)]
    assert answers == [200] * 5 + [429]


def test_api_views_take_a_tier_by_name_and_answer_429_in_the_error_shape():
    view = ContactApi.as_view()
    factory = APIRequestFactory()

    def post():
        return view(factory.post("/api/v1/contact/", {"email": "ana@example.com"}, format="json"))

    answers = [post().status_code for _ in range(5)]
    response = post()

    assert answers == [200] * 5
    assert response.status_code == 429
    assert response.data == {
        "code": "rate_limited",
        "detail": "Too many requests. Please wait a moment and try again.",
        "fields": {},
    }
    assert 1 <= int(response["Retry-After"]) <= 60


def test_the_whole_api_is_under_the_relaxed_tier(client):
    client.force_login(UserFactory())
    answers = [client.get("/api/v1/me/").status_code for _ in range(301)]
    assert answers[:300] == [200] * 300
    response = client.get("/api/v1/me/")
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert int(response["Retry-After"]) >= 1


# ---------------------------------------------------------------------------
# Redis down: strict fails closed, moderate and relaxed fail open
# ---------------------------------------------------------------------------
def test_strict_refuses_every_write_when_the_cache_is_down(redis_down, caplog):
    with caplog.at_level(logging.WARNING, logger="webox.security"):
        response = StrictPage.as_view()(_request(data={"email": "ana@example.com"}))
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "tier strict refuses" in caplog.text


def test_moderate_lets_writes_through_when_the_cache_is_down(redis_down, caplog):
    with caplog.at_level(logging.WARNING, logger="webox.security"):
        answers = _statuses(write_view, 40)
    assert answers == [200] * 40
    assert "tier moderate lets requests through" in caplog.text


def test_relaxed_lets_reads_through_when_the_cache_is_down(redis_down):
    assert _statuses(read_view, 5, method="get") == [200] * 5


def test_django_ratelimits_own_exception_also_answers_429_not_403():
    from django_ratelimit.exceptions import Ratelimited

    from webox.views import permission_denied

    response = permission_denied(_request(path="/api/v1/anything/"), Ratelimited())
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
