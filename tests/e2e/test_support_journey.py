"""A customer opens a ticket about an order, staff reply in the back office, the customer's open page shows it live.

Served by daphne in a thread of this process (``tests/e2e/asgi_server.py``), so
the staff reply, made through the admin in another browser context, pushes its
notification through the same in-memory channel layer as the customer's socket.
"""

import re

import pytest
from django.conf import settings
from django.test import Client

from support.models import Ticket
from tests.accounts.twofactor_support import login_verified, member_make, totp_device_make
from tests.e2e.asgi_server import asgi_server
from tests.e2e.conftest import PageProblems
from tests.factories import UserFactory
from tests.orders.factories import OrderFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def server():
    return asgi_server()


def _page_for(chromium, server, user):
    """Return a page whose browser holds the session of ``user``, who passed the second factor."""
    client = Client()
    login_verified(client, user, totp_device_make(user))
    context = chromium.new_context(base_url=server.url, locale="fr-FR")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": server.url}])
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.problems = PageProblems(page)
    return page


def test_staff_reply_in_the_back_office_appears_live_on_the_customers_ticket_page(chromium, server):
    customer = member_make(display_name="Camille Martin", preferred_language="fr")
    order = OrderFactory(user=customer)
    page = _page_for(chromium, server, customer)
    page.goto(order.get_absolute_url())
    page.locator(f"a[href$='/help/tickets/new/?order={order.number}']").click()
    form = page.locator("form[action$='/help/tickets/new/']")
    assert form.locator("select[name=order]").input_value() == order.number
    form.locator("input[name=subject]").fill("Colis abîmé")
    form.locator("textarea[name=body]").fill("Le carton est arrivé écrasé.")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/help/tickets/SUP-\d{4}-\d{6}/$"))
    page.locator("[data-notifications][data-notifications-live]").wait_for()
    ticket = Ticket.objects.get(customer=customer)
    assert ticket.order == order

    staff = _page_for(chromium, server, UserFactory(is_staff=True, is_superuser=True, preferred_language="en"))
    staff.goto(f"/admin/support/ticket/{ticket.pk}/change/")
    reply = staff.locator("form[action$='/reply/']")
    reply.locator("textarea[name=body]").fill("Nous vous renvoyons un colis dès ce matin.")
    reply.locator("input[type=submit]").click()
    staff.wait_for_url(re.compile(rf"/admin/support/ticket/{ticket.pk}/change/$"))

    toast = page.locator("[data-notification-toasts] [data-notification-toast]")
    toast.wait_for()
    assert ticket.number in toast.inner_text()
    assert toast.locator("a").get_attribute("href") == f"/help/tickets/{ticket.number}/"
    assert page.problems.messages == []
    staff.context.close()
    page.context.close()
