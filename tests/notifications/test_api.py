"""GET /api/v1/notifications/?since=, POST /api/v1/notifications/{id}/read/ and /read-all/: the caller's own only."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from notifications.models import Notification
from tests.factories import UserFactory

from .factories import NotificationFactory
from .support import GroupListener

pytestmark = pytest.mark.django_db

URL = "/api/v1/notifications/"


def _api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_anonymous_requests_get_401():
    for response in (_api().get(URL), _api().post(f"{URL}1/read/"), _api().post(f"{URL}read-all/")):
        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"


def test_list_is_the_callers_own_newest_first_with_the_unread_count():
    alice, bob = UserFactory(), UserFactory()
    older = NotificationFactory(user=alice, title="Commande payée")
    newer = NotificationFactory(user=alice, title="Commande expédiée")
    NotificationFactory(user=bob)
    NotificationFactory(user=alice, on_site=False)  # email only: never listed
    Notification.objects.filter(pk=older.pk).update(created_at=newer.created_at - timedelta(minutes=5))
    body = _api(alice).get(URL).json()
    assert set(body) == {"count", "next", "previous", "results", "unread_count"}
    assert [item["id"] for item in body["results"]] == [newer.pk, older.pk]
    assert body["unread_count"] == 2
    assert body["results"][0] == {
        "id": newer.pk,
        "kind": "ticket_reply",
        "title": "Commande expédiée",
        "body": "",
        "url": "/help/tickets/T-1/",
        "created_at": timezone.localtime(newer.created_at).isoformat(),
        "read": False,
    }


def test_since_keeps_later_ones_by_id_or_by_datetime():
    user = UserFactory()
    first, second = NotificationFactory(user=user), NotificationFactory(user=user)
    Notification.objects.filter(pk=first.pk).update(created_at=second.created_at - timedelta(seconds=1))
    by_id = _api(user).get(URL, {"since": first.pk}).json()
    assert [item["id"] for item in by_id["results"]] == [second.pk]
    since = (second.created_at - timedelta(milliseconds=500)).isoformat()
    by_time = _api(user).get(URL, {"since": since}).json()
    assert [item["id"] for item in by_time["results"]] == [second.pk]
    seen_last = _api(user).get(URL, {"since": second.created_at.isoformat().replace("+00:00", "Z")}).json()
    assert seen_last["results"] == []


def test_since_refuses_garbage_with_a_field_error():
    response = _api(UserFactory()).get(URL, {"since": "yesterday"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_since"
    assert "since" in response.json()["fields"]


def test_mark_read_marks_one_and_pushes_the_new_count(django_capture_on_commit_callbacks):
    user = UserFactory()
    notification, other = NotificationFactory(user=user), NotificationFactory(user=user)
    listener = GroupListener(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = _api(user).post(f"{URL}{notification.pk}/read/")
    assert response.status_code == 200
    assert response.json() == {"marked": 1, "unread_count": 1}
    notification.refresh_from_db(), other.refresh_from_db()
    assert notification.is_read and not other.is_read
    assert listener.receive()["event"] == {"type": "unread", "count": 1}
    again = _api(user).post(f"{URL}{notification.pk}/read/")
    assert again.json() == {"marked": 0, "unread_count": 1}


def test_mark_read_of_another_users_notification_is_a_404():
    alice, bob = UserFactory(), UserFactory()
    bobs = NotificationFactory(user=bob)
    response = _api(alice).post(f"{URL}{bobs.pk}/read/")
    assert response.status_code == 404
    assert response.json()["code"] == "notification_not_found"
    bobs.refresh_from_db()
    assert not bobs.is_read
    assert _api(alice).post(f"{URL}999999/read/").status_code == 404


def test_read_all_marks_only_the_callers():
    alice, bob = UserFactory(), UserFactory()
    NotificationFactory.create_batch(3, user=alice)
    bobs = NotificationFactory(user=bob)
    response = _api(alice).post(f"{URL}read-all/")
    assert response.status_code == 200
    assert response.json() == {"marked": 3, "unread_count": 0}
    assert not Notification.objects.filter(user=alice, read_at=None).exists()
    bobs.refresh_from_db()
    assert not bobs.is_read


def test_list_is_paginated_with_a_constant_number_of_queries(django_assert_max_num_queries):
    user = UserFactory()
    NotificationFactory.create_batch(30, user=user)
    api = _api(user)
    with django_assert_max_num_queries(4):
        body = api.get(URL).json()
    assert body["count"] == 30 and len(body["results"]) == 24 and body["next"]


def test_the_endpoints_are_in_the_openapi_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    for path in ("/api/v1/notifications/", "/api/v1/notifications/{notification_id}/read/"):
        assert path in schema
    assert "/api/v1/notifications/read-all/" in schema


def test_since_accepts_the_pages_render_time_as_the_bell_writes_it():
    from django.utils.dateformat import format as date_format

    user = UserFactory()
    before = NotificationFactory(user=user)
    rendered = date_format(timezone.localtime(before.created_at + timedelta(microseconds=1)), "c")  # {% now 'c' %}
    after = NotificationFactory(user=user)
    Notification.objects.filter(pk=after.pk).update(created_at=before.created_at + timedelta(seconds=1))
    body = _api(user).get(URL, {"since": rendered}).json()
    assert [item["id"] for item in body["results"]] == [after.pk]
