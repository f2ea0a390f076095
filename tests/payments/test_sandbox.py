"""The sandbox gateway: cart → checkout → "Paiement de test" → approve → paid order → invoice, over HTTP.

The page signs its notification with a key derived from SECRET_KEY and feeds it to the same
processing as the real gateways; a forged or stale one is refused like Stripe's.
"""

import json
import time

import pytest

from orders.models import Order
from payments.gateways.sandbox import signature_header
from payments.models import Payment, WebhookEvent
from payments.services import payment_start
from tests.factories import UserFactory

from .support import SANDBOX_URL, order_emails, order_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_cart_to_paid_order_and_invoice_over_http(client, api, customer, credit_pack, commit):
    """The whole sandbox flow through the public endpoints, as the browser test will walk it."""
    variant = credit_pack.default_variant
    assert api.post("/api/v1/cart/items/", {"variant": variant.pk, "quantity": 2}, format="json").status_code == 201
    with commit():
        placed = api.post("/api/v1/checkout/", {}, format="json")
    assert placed.status_code == 201, placed.json()
    number = placed.json()["number"]
    started = api.post(f"/api/v1/orders/{number}/payments/", {"gateway": "sandbox"}, format="json")
    assert started.status_code == 201
    payment_url = started.json()["redirect_url"]
    assert payment_url == f"http://testserver/payments/sandbox/{started.json()['id']}/"

    client.force_login(customer)
    page = client.get(payment_url)
    assert page.status_code == 200
    assert b'name="decision" value="approve"' in page.content and b'name="decision" value="decline"' in page.content
    with commit():
        approved = client.post(payment_url, {"decision": "approve"})
    assert approved.status_code == 302 and approved["Location"].endswith(f"/payments/{started.json()['id']}/return/")
    status = client.get(f"/payments/{started.json()['id']}/status/").json()
    assert status["paid"] and status["final"] and status["order_status"] == "paid"

    order = Order.objects.get(number=number)
    assert order.status == Order.Status.PAID and order.payment_method == "sandbox"
    assert order.lines.get().credit_grant.credits == 1000
    assert len(order_emails(order, "paid")) == 1
    invoice = client.get(f"/orders/{number}/invoice/")
    assert invoice.status_code == 200 and invoice["Content-Type"] == "application/pdf"
    assert WebhookEvent.objects.get().event_type == "payment.approved"


def test_the_page_is_clearly_a_test_with_stable_button_labels(client, customer, english):
    payment = payment_start(order=order_make(user=customer), gateway="sandbox")
    client.force_login(customer)
    html = client.get(payment.redirect_url).content.decode()
    for text in ("Test payment", "no real money", "Approve the payment", "Decline the payment"):
        assert text in html


def test_declining_fails_the_attempt_and_the_order_can_be_paid_again(client, customer):
    order = order_make(user=customer)
    payment = payment_start(order=order, gateway="sandbox")
    client.force_login(customer)
    response = client.post(payment.redirect_url, {"decision": "decline"})
    assert response.status_code == 302 and response["Location"].endswith(f"/payments/{payment.pk}/cancel/")
    payment.refresh_from_db()
    order.refresh_from_db()
    assert payment.status == Payment.Status.FAILED and order.status == Order.Status.PENDING_PAYMENT
    assert payment_start(order=order, gateway="sandbox").pk != payment.pk


def test_a_settled_test_payment_is_not_settled_again(client, customer):
    payment = payment_start(order=order_make(user=customer), gateway="sandbox")
    client.force_login(customer)
    client.post(payment.redirect_url, {"decision": "approve"})
    client.post(payment.redirect_url, {"decision": "decline"})
    payment.refresh_from_db()
    assert payment.status == Payment.Status.CAPTURED and WebhookEvent.objects.count() == 1


def test_another_customer_or_a_stranger_cannot_open_the_page(client, customer):
    payment = payment_start(order=order_make(user=customer), gateway="sandbox")
    assert client.get(payment.redirect_url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(payment.redirect_url).status_code == 404
    assert client.post(payment.redirect_url, {"decision": "approve"}).status_code == 404
    payment.refresh_from_db()
    assert payment.status == Payment.Status.CREATED


def test_the_page_is_404_for_a_payment_of_another_gateway(client, customer, gateways):
    payment = payment_start(order=order_make(user=customer), gateway="stripe")
    client.force_login(customer)
    assert client.get(f"/payments/sandbox/{payment.pk}/").status_code == 404


def _notification(payment: Payment, *, approved: bool = True) -> bytes:
    data = {"payment_id": payment.pk, "order_number": payment.order.number, "reference": payment.external_reference}
    payload = {
        "id": f"sbx_evt_{payment.pk}",
        "type": "payment.approved" if approved else "payment.declined",
        "data": {**data, "amount": str(payment.amount), "currency": "EUR"},
    }
    return json.dumps(payload).encode()


def test_the_sandbox_webhook_takes_a_signed_notification(client, customer):
    payment = payment_start(order=order_make(user=customer), gateway="sandbox")
    body = _notification(payment)
    response = client.post(
        SANDBOX_URL, data=body, content_type="application/json", HTTP_X_SANDBOX_SIGNATURE=signature_header(body)
    )
    assert response.status_code == 200 and response.json()["outcome"] == "processed"


@pytest.mark.parametrize("case", ["missing", "forged", "altered", "old"])
def test_the_sandbox_webhook_refuses_unsigned_forged_altered_or_old_notifications(client, customer, case):
    payment = payment_start(order=order_make(user=customer), gateway="sandbox")
    body = _notification(payment)
    header = {
        "missing": "",
        "forged": f"t={int(time.time())},v1={'0' * 64}",
        "altered": signature_header(_notification(payment, approved=False)),
        "old": signature_header(body, timestamp=int(time.time()) - 301),
    }[case]
    extra = {"HTTP_X_SANDBOX_SIGNATURE": header} if header else {}
    assert client.post(SANDBOX_URL, data=body, content_type="application/json", **extra).status_code == 400
    payment.refresh_from_db()
    assert payment.status == Payment.Status.CREATED and not WebhookEvent.objects.exists()
