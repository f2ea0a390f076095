"""The notification centre page and the header bell: the signed-in user's own notifications only."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory
from django.urls import reverse

from notifications.context_processors import unread_count
from notifications.models import Notification
from tests.factories import UserFactory

from .factories import NotificationFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_centre_needs_a_signed_in_user(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_centre_lists_the_users_own_with_the_unread_ones_marked(english):
    user = UserFactory()
    NotificationFactory(user=user, title="Commande WBX-1 payée", url="/orders/WBX-1/")
    NotificationFactory(user=UserFactory(), title="Pas pour vous")
    NotificationFactory(user=user, title="Seulement par email", on_site=False)
    page = _client(user).get(reverse("notifications:list")).content.decode()
    assert '<a href="/orders/WBX-1/">Commande WBX-1 payée</a>' in page
    assert "Pas pour vous" not in page and "Seulement par email" not in page
    assert "1 unread notification" in page
    assert reverse("accounts:notifications") in page  # the link to the preferences


def test_mark_read_then_go_back_to_the_page_it_came_from():
    user = UserFactory()
    notification = NotificationFactory(user=user)
    url = reverse("notifications:read", args=[notification.pk])
    response = _client(user).post(url, {"next": "/notifications/?page=2"})
    assert response.status_code == 302 and response["Location"] == "/notifications/?page=2"
    notification.refresh_from_db()
    assert notification.is_read


def test_mark_read_of_another_users_notification_is_a_404_and_get_is_refused():
    user = UserFactory()
    other = NotificationFactory(user=UserFactory())
    client = _client(user)
    assert client.post(reverse("notifications:read", args=[other.pk])).status_code == 404
    assert client.get(reverse("notifications:read-all")).status_code == 405
    other.refresh_from_db()
    assert not other.is_read


def test_mark_all_read_leaves_other_users_alone():
    user, other = UserFactory(), UserFactory()
    NotificationFactory.create_batch(2, user=user)
    theirs = NotificationFactory(user=other)
    response = _client(user).post(reverse("notifications:read-all"), {"next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == reverse("notifications:list")
    assert not Notification.objects.filter(user=user, read_at=None).exists()
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_the_header_bell_shows_the_unread_count_and_opens_the_socket(english, settings):
    settings.NOTIFICATIONS_LIVE = True
    user = UserFactory()
    NotificationFactory.create_batch(3, user=user)
    page = _client(user).get(reverse("home")).content.decode()
    assert 'data-notifications-socket="/ws/notifications/"' in page
    assert "data-notifications-count>3</span>" in page
    assert "3 unread notifications" in page
    assert "data-notification-toasts" in page and "js/notifications.js" in page


def test_without_the_live_channel_the_bell_opens_no_socket(settings):
    settings.NOTIFICATIONS_LIVE = False  # a WSGI-only server (pytest-django's live_server)
    user = UserFactory()
    NotificationFactory(user=user)
    page = _client(user).get(reverse("home")).content.decode()
    assert "data-notifications-count>1</span>" in page
    assert "data-notifications-socket" not in page


def test_anonymous_visitors_get_no_bell_no_socket_and_no_query(client, django_assert_num_queries):
    page = client.get(reverse("home")).content.decode()
    assert "data-notifications" not in page and "notifications.js" not in page
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert unread_count(request)["notifications_unread"]() == 0


def test_the_bell_costs_one_query(django_assert_num_queries):
    user = UserFactory()
    NotificationFactory(user=user)
    request = RequestFactory().get("/")
    request.user = user
    count = unread_count(request)["notifications_unread"]
    with django_assert_num_queries(1):
        assert count() == 1 and count() == 1


def test_a_page_served_over_asgi_opens_the_socket_whatever_the_setting(settings):
    from asgiref.sync import async_to_sync
    from django.test import AsyncClient

    settings.NOTIFICATIONS_LIVE = False
    user = UserFactory()
    client = AsyncClient()
    client.force_login(user)
    page = async_to_sync(client.get)(reverse("home")).content.decode()
    assert 'data-notifications-socket="/ws/notifications/"' in page
