"""POST /api/v1/orders/{number}/payments/ {gateway}: the caller's own order, awaiting payment, a configured gateway."""

import pytest
from rest_framework.test import APIClient

from orders.models import Order
from payments.models import Payment
from tests.factories import UserFactory

from .support import order_make

pytestmark = pytest.mark.django_db


def _url(order: Order) -> str:
    return f"/api/v1/orders/{order.number}/payments/"


def test_anonymous_callers_get_401(customer):
    response = APIClient().post(_url(order_make(user=customer)), {"gateway": "sandbox"}, format="json")
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"


def test_a_customer_cannot_start_a_payment_for_another_customers_order(api):
    """Another customer's order is a 404, exactly like an order that does not exist."""
    others = order_make(user=UserFactory())
    response = api.post(_url(others), {"gateway": "sandbox"}, format="json")
    assert response.status_code == 404 and response.json()["code"] == "order_not_found"
    assert (
        api.post("/api/v1/orders/WBX-2026-999999/payments/", {"gateway": "sandbox"}, format="json").status_code == 404
    )
    assert not Payment.objects.exists()


def test_a_guest_order_is_not_reachable_through_the_api(api):
    assert api.post(_url(order_make(user=None)), {"gateway": "sandbox"}, format="json").status_code == 404


@pytest.mark.parametrize("status", [Order.Status.PAID, Order.Status.CANCELLED, Order.Status.REFUNDED])
def test_an_order_not_awaiting_payment_is_a_409(api, customer, status):
    response = api.post(_url(order_make(user=customer, status=status)), {"gateway": "sandbox"}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "order_not_payable"
    assert not Payment.objects.exists()


@pytest.mark.parametrize("gateway", ["bitcoin", "stripe", ""])
def test_an_unknown_or_unconfigured_gateway_is_a_400(api, customer, gateway):
    """Only the sandbox is configured here: Stripe without keys is as unknown as "bitcoin"."""
    response = api.post(_url(order_make(user=customer)), {"gateway": gateway}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == ("gateway_unavailable" if gateway else "invalid") and "gateway" in body["fields"]


def test_a_missing_gateway_is_a_field_error(api, customer):
    response = api.post(_url(order_make(user=customer)), {}, format="json")
    assert response.status_code == 400 and "gateway" in response.json()["fields"]


def test_each_gateway_answers_with_its_page(api, customer, gateways):
    order = order_make(user=customer)
    answers = {alias: api.post(_url(order), {"gateway": alias}, format="json").json() for alias in gateways}
    assert answers["stripe"]["redirect_url"].startswith("https://checkout.stripe.com/")
    assert answers["paypal"]["redirect_url"] == f"http://testserver/payments/{answers['paypal']['id']}/paypal/"
    assert answers["sandbox"]["redirect_url"] == f"http://testserver/payments/sandbox/{answers['sandbox']['id']}/"
    assert {answer["status"] for answer in answers.values()} == {"created"}


def test_a_pending_bank_confirmation_blocks_a_second_payment(api, customer):
    order = order_make(user=customer)
    Payment.objects.create(order=order, gateway="sandbox", amount=order.total, status="pending", idempotency_key="k")
    response = api.post(_url(order), {"gateway": "sandbox"}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "order_not_payable"


def test_the_endpoint_is_in_the_api_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/orders/{number}/payments/" in schema
