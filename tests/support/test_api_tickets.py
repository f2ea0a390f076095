"""GET/POST /api/v1/tickets/, GET /api/v1/tickets/{number}/, POST /api/v1/tickets/{number}/messages/."""

import pytest
from rest_framework.test import APIClient

from support.models import Ticket
from tests.factories import UserFactory
from tests.orders.factories import OrderFactory
from tests.support.factories import ticket_open

pytestmark = pytest.mark.django_db

URL = "/api/v1/tickets/"


def _api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_anonymous_requests_get_401():
    ticket = ticket_open()
    for response in (
        _api().get(URL),
        _api().post(URL, {"subject": "x", "category": "other", "body": "x"}),
        _api().get(f"{URL}{ticket.number}/"),
        _api().post(f"{URL}{ticket.number}/messages/", {"body": "x"}),
    ):
        assert response.status_code == 401


def test_post_opens_a_ticket_about_one_of_the_callers_orders():
    customer = UserFactory()
    order = OrderFactory(user=customer)
    payload = {"subject": "Colis abîmé", "category": "order", "body": "Le carton est écrasé.", "order": order.number}
    response = _api(customer).post(URL, payload, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["number"].startswith("SUP-") and body["status"] == "open" and body["order"] == order.number
    assert [message["body"] for message in body["messages"]] == ["Le carton est écrasé."]
    assert Ticket.objects.get().customer == customer


def test_post_refuses_another_customers_order_and_an_unknown_category():
    payload = {"subject": "x", "category": "order", "body": "x", "order": OrderFactory().number}
    response = _api(UserFactory()).post(URL, payload, format="json")
    assert response.status_code == 400 and "order" in response.json()["fields"]
    response = _api(UserFactory()).post(URL, {**payload, "order": "", "category": "nope"}, format="json")
    assert response.status_code == 400 and "category" in response.json()["fields"]
    assert not Ticket.objects.exists()


def test_list_shows_only_the_callers_tickets_paginated():
    mine = ticket_open()
    ticket_open()
    body = _api(mine.customer).get(URL).json()
    assert body["count"] == 1 and [row["number"] for row in body["results"]] == [mine.number]


def test_another_customers_ticket_is_a_404():
    ticket = ticket_open()
    stranger = _api(UserFactory())
    assert stranger.get(f"{URL}{ticket.number}/").status_code == 404
    response = stranger.post(f"{URL}{ticket.number}/messages/", {"body": "Coucou"}, format="json")
    assert response.status_code == 404 and response.json()["code"] == "ticket_not_found"


def test_customer_replies_and_sees_the_message_in_the_detail():
    ticket = ticket_open()
    api = _api(ticket.customer)
    response = api.post(f"{URL}{ticket.number}/messages/", {"body": "Des nouvelles ?"}, format="json")
    assert response.status_code == 201 and response.json()["from_staff"] is False
    messages = api.get(f"{URL}{ticket.number}/").json()["messages"]
    assert [message["body"] for message in messages][-1] == "Des nouvelles ?"


def test_reply_to_a_closed_ticket_is_a_409():
    ticket = ticket_open()
    Ticket.objects.filter(pk=ticket.pk).update(status="closed")
    response = _api(ticket.customer).post(f"{URL}{ticket.number}/messages/", {"body": "Hé"}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "ticket_closed"
