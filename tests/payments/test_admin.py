"""Back office: payments with their ledger, notifications with their payload, refunds with a chosen amount."""

from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from orders.models import Order
from payments.models import Payment, WebhookEvent
from payments.services import payment_start

from .support import order_make, stripe_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(client, customer, gateways, stripe_emulator, django_capture_on_commit_callbacks):
    order = order_make(user=customer)
    payment = payment_start(order=order, gateway="stripe")
    with django_capture_on_commit_callbacks(execute=True):
        stripe_post(client, stripe_emulator.pay(payment.external_reference))
    payment.refresh_from_db()
    return order, payment


def test_a_payment_shows_its_ledger_read_only(admin_client_verified, paid):
    _order, payment = paid
    response = admin_client_verified.get(f"/admin/payments/payment/{payment.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert payment.capture_reference in html and "20.00" in html
    assert 'name="_save"' not in html  # nothing to edit
    assert admin_client_verified.get("/admin/payments/payment/").status_code == 200
    assert admin_client_verified.get("/admin/payments/payment/add/").status_code == 403


def test_a_notification_shows_its_payload_pretty_printed(admin_client_verified, paid):
    event = WebhookEvent.objects.get()
    response = admin_client_verified.get(f"/admin/payments/webhookevent/{event.pk}/change/")
    assert response.status_code == 200
    assert "&quot;type&quot;: &quot;checkout.session.completed&quot;" in response.content.decode()
    assert admin_client_verified.get("/admin/payments/webhookevent/?outcome=processed").status_code == 200


def test_reprocessing_a_notification_changes_nothing_twice(admin_client_verified, paid):
    event = WebhookEvent.objects.get()
    response = admin_client_verified.post(
        "/admin/payments/webhookevent/", {"action": "reprocess_events", ACTION_CHECKBOX_NAME: [event.pk]}, follow=True
    )
    assert response.status_code == 200
    event.refresh_from_db()
    assert event.outcome == WebhookEvent.Outcome.UNCHANGED
    assert paid[1].transactions.count() == 1


def test_the_refund_action_asks_the_amount_then_refunds_part(admin_client_verified, paid, stripe_emulator):
    order, payment = paid
    url = "/admin/payments/payment/"
    ask = admin_client_verified.post(url, {"action": "refund_payments", ACTION_CHECKBOX_NAME: [payment.pk]})
    assert ask.status_code == 200 and b'name="refund-0-amount"' in ask.content and b'value="20.00"' in ask.content
    data = {
        "action": "refund_payments",
        ACTION_CHECKBOX_NAME: [payment.pk],
        "apply": "1",
        "refund-TOTAL_FORMS": "1",
        "refund-INITIAL_FORMS": "1",
        "refund-0-pk": payment.pk,
        "refund-0-amount": "7.50",
        "refund-0-reason": "Article abîmé",
    }
    done = admin_client_verified.post(url, data, follow=True)
    assert [m.level_tag for m in done.context["messages"]] == ["success"]
    order.refresh_from_db()
    assert order.status == Order.Status.PARTIALLY_REFUNDED and order.refunded_total == Decimal("7.50")
    assert payment.transactions.get(kind="refund").actor is not None


def test_the_order_refund_action_refuses_more_than_captured(admin_client_verified, paid, stripe_emulator):
    order, _payment = paid
    data = {
        "action": "refund_orders",
        ACTION_CHECKBOX_NAME: [order.pk],
        "apply": "1",
        "refund-TOTAL_FORMS": "1",
        "refund-INITIAL_FORMS": "1",
        "refund-0-pk": order.pk,
        "refund-0-amount": "20.01",
    }
    refused = admin_client_verified.post("/admin/orders/order/", data, follow=True)
    assert [m.level_tag for m in refused.context["messages"]] == ["error"]
    assert not [r for r in stripe_emulator.state.requests if r["path"] == "/v1/refunds"]
    done = admin_client_verified.post("/admin/orders/order/", {**data, "refund-0-amount": "20.00"}, follow=True)
    assert [m.level_tag for m in done.context["messages"]] == ["success"]
    order.refresh_from_db()
    assert order.status == Order.Status.REFUNDED


def test_the_order_admin_keeps_its_own_actions_and_gains_the_refund(admin_client_verified, paid):
    page = admin_client_verified.get("/admin/orders/order/").content.decode()
    assert 'value="refund_orders"' in page and 'value="mark_processing"' in page


def test_payments_flagged_for_review_are_listed_apart(admin_client_verified, customer):
    order = order_make(user=customer)
    Payment.objects.create(order=order, gateway="sandbox", amount=order.total, needs_review=True, idempotency_key="r")
    response = admin_client_verified.get("/admin/payments/payment/?needs_review__exact=1")
    assert response.status_code == 200 and order.number in response.content.decode()
