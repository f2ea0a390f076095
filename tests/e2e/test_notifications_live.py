"""A signed-in customer's open page shows a notification live: the toast appears and the bell counts it.

Served by daphne in a thread of this process (``tests/e2e/asgi_server.py``):
pytest-django's ``live_server`` is WSGI-only and cannot serve ``ws/notifications/``,
and channels' ``ChannelsLiveServerTestCase`` runs daphne in another process,
which cannot share an in-memory SQLite test database or the in-memory channel
layer. ``notify()`` is called on the server's event loop, the way a request or
a Celery worker of the same deployment would push through the channel layer.
"""

import pytest
from django.conf import settings
from django.test import Client

from notifications.services import notify
from tests.accounts.twofactor_support import login_verified, member_make, totp_device_make
from tests.e2e.asgi_server import asgi_server
from tests.e2e.conftest import PageProblems

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def server():
    return asgi_server()  # pages it serves open the socket (ASGI), whatever NOTIFICATIONS_LIVE says


@pytest.fixture
def customer_page(chromium, server):
    """Return a page whose browser holds the session of a customer who passed the second factor."""
    customer = member_make(display_name="Camille Martin", preferred_language="fr")
    client = Client()
    login_verified(client, customer, totp_device_make(customer))
    context = chromium.new_context(base_url=server.url, locale="fr-FR")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": server.url}])
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.problems = PageProblems(page)
    page.customer = customer
    yield page
    context.close()


def test_an_open_page_shows_the_notification_without_reload(customer_page, server):
    page = customer_page
    page.goto("/")
    bell = page.locator("[data-notifications]")
    page.locator("[data-notifications][data-notifications-live]").wait_for()  # the socket joined the user's group
    assert not bell.locator("[data-notifications-count]").is_visible()  # nothing unread yet

    server.run_on_server(
        notify,
        user=page.customer,
        kind="ticket_reply",
        title="Nouvelle réponse à votre demande",
        body="Le support vous a répondu.",
        url="/help/",
    )

    toast = page.locator("[data-notification-toasts] [data-notification-toast]")
    toast.wait_for()
    assert "Nouvelle réponse à votre demande" in toast.inner_text()
    assert toast.locator("a").get_attribute("href") == "/help/"
    assert bell.locator("[data-notifications-count]").inner_text() == "1"
    assert page.locator("[data-notification-toasts][aria-live='polite']").count() == 1
    assert page.problems.messages == []
