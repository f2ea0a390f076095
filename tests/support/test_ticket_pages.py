"""The customer's pages under /help/tickets/: list, open (also from an order page), conversation, close, rate."""

import pytest

from support.models import Ticket
from support.services import ticket_transition
from tests.factories import UserFactory
from tests.orders.factories import OrderFactory
from tests.support.factories import staff_make, ticket_open

pytestmark = pytest.mark.django_db


def test_pages_need_a_signed_in_customer(client):
    ticket = ticket_open()
    for url in ("/help/tickets/", "/help/tickets/new/", f"/help/tickets/{ticket.number}/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_another_customers_ticket_is_a_404(client):
    ticket = ticket_open()
    client.force_login(UserFactory())
    assert client.get(f"/help/tickets/{ticket.number}/").status_code == 404
    assert client.post(f"/help/tickets/{ticket.number}/close/").status_code == 404


def test_order_page_links_to_a_prefilled_ticket_form(client):
    customer = UserFactory()
    order = OrderFactory(user=customer)
    client.force_login(customer)
    order_html = client.get(order.get_absolute_url()).content.decode()
    assert f"/help/tickets/new/?order={order.number}" in order_html
    form = client.get(f"/help/tickets/new/?order={order.number}").context["form"]
    assert form.initial == {"order": order, "category": "order"}


def test_customer_opens_a_ticket_and_sees_it_in_their_list(client):
    customer = UserFactory()
    order = OrderFactory(user=customer)
    client.force_login(customer)
    data = {"subject": "Colis abîmé", "category": "order", "order": order.number, "body": "Carton écrasé."}
    response = client.post("/help/tickets/new/", data)
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/help/tickets/{ticket.number}/"
    assert ticket.order == order and ticket.customer == customer
    assert ticket.number in client.get("/help/tickets/").content.decode()


def test_ticket_form_offers_only_the_customers_own_orders(client):
    customer = UserFactory()
    client.force_login(customer)
    data = {"subject": "x", "category": "order", "order": OrderFactory().number, "body": "x"}
    response = client.post("/help/tickets/new/", data)
    assert response.status_code == 200 and "order" in response.context["form"].errors
    assert not Ticket.objects.exists()


def test_customer_closes_reopens_and_rates_their_ticket(client):
    ticket = ticket_open()
    client.force_login(ticket.customer)
    base = f"/help/tickets/{ticket.number}/"
    client.post(f"{base}close/")
    assert Ticket.objects.get(pk=ticket.pk).status == "closed"
    client.post(f"{base}reopen/")
    assert Ticket.objects.get(pk=ticket.pk).status == "open"
    ticket_transition(ticket=ticket, to_status="resolved", actor=staff_make())
    assert client.post(f"{base}rate/", {"rating": "5", "comment": "Parfait"}).status_code == 302
    assert Ticket.objects.get(pk=ticket.pk).rating == 5
    assert client.post(f"{base}rate/", {"rating": "9"}).status_code == 400
