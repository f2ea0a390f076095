"""The Stripe webhook: forged or replayed notifications change nothing; authentic ones count once, even racing."""

import json
import time

import pytest

from orders.models import Order
from payments.models import Payment, PaymentTransaction, WebhookEvent
from payments.services import payment_start

from .support import (
    OLD_WEBHOOK_SECRET,
    needs_postgresql,
    order_emails,
    order_make,
    run_concurrently,
    staff_emails,
    stripe_post,
    stripe_signature,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_event(customer, gateways, stripe_emulator):
    """An order with a Stripe payment started, and the ``checkout.session.completed`` event of its payment."""
    order = order_make(user=customer)
    payment = payment_start(order=order, gateway="stripe")
    return order, stripe_emulator.pay(payment.external_reference)


def _nothing_changed(order: Order) -> None:
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING_PAYMENT
    assert not WebhookEvent.objects.exists() and not PaymentTransaction.objects.exists()
    assert Payment.objects.get().status == Payment.Status.CREATED


def test_no_signature_is_refused(client, paid_event):
    order, event = paid_event
    assert stripe_post(client, event, signature="").status_code == 400
    _nothing_changed(order)


def test_a_signature_made_with_another_secret_is_refused(client, paid_event):
    order, event = paid_event
    response = stripe_post(client, event, secret="whsec_someone_else")
    assert response.status_code == 400 and response.json() == {"error": "invalid_notification"}
    _nothing_changed(order)


def test_an_altered_body_is_refused(client, paid_event):
    """Signed, then changed on the way (a higher amount, another order): the signature no longer matches."""
    order, event = paid_event
    body = json.dumps(event)
    header = stripe_signature(body)
    tampered = body.replace('"payment_status": "paid"', '"payment_status": "paid" ')
    response = client.post(
        "/payments/stripe/webhook/", data=tampered, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
    )
    assert response.status_code == 400
    _nothing_changed(order)


def test_an_old_timestamp_is_refused_even_with_a_good_signature(client, paid_event):
    """A replay of a genuine notification more than 300 s old is refused."""
    order, event = paid_event
    assert stripe_post(client, event, timestamp=int(time.time()) - 301).status_code == 400
    _nothing_changed(order)


def test_a_malformed_header_is_refused(client, paid_event):
    order, event = paid_event
    assert stripe_post(client, event, signature="garbage").status_code == 400
    _nothing_changed(order)


def test_the_previous_secret_still_works_during_a_rotation(client, paid_event, django_capture_on_commit_callbacks):
    """STRIPE_WEBHOOK_SECRET holds both secrets while Stripe rolls the endpoint's secret."""
    order, event = paid_event
    with django_capture_on_commit_callbacks(execute=True):
        assert stripe_post(client, event, secret=OLD_WEBHOOK_SECRET).status_code == 200
    order.refresh_from_db()
    assert order.status == Order.Status.PAID


def test_repeated_verification_failures_alert_staff_once(client, paid_event, mailoutbox):
    """Five failures within ten minutes send one email to staff; more failures send no more."""
    _order, event = paid_event
    for _ in range(7):
        stripe_post(client, event, secret="whsec_forged")
    alerts = staff_emails()
    assert len(alerts) == 1 and "failed verification" in alerts[0].subject


def test_an_unknown_event_type_is_stored_and_ignored(client, gateways):
    event = {"id": "evt_other", "object": "event", "type": "customer.created", "data": {"object": {"id": "cus_1"}}}
    assert stripe_post(client, event).status_code == 200
    assert WebhookEvent.objects.get().outcome == WebhookEvent.Outcome.IGNORED


def test_a_session_of_another_integration_is_ignored(client, gateways, stripe_emulator, customer):
    """A Checkout Session that no WEBOX payment started (same Stripe account, other tool) changes nothing."""
    event = {
        "id": "evt_foreign",
        "object": "event",
        "type": "checkout.session.completed",
        "data": {"object": {"id": "cs_foreign", "payment_status": "paid", "amount_total": 100, "currency": "eur"}},
    }
    assert stripe_post(client, event).status_code == 200
    assert WebhookEvent.objects.get().outcome == WebhookEvent.Outcome.IGNORED


def test_the_webhook_is_404_when_stripe_is_not_configured(client, settings):
    assert client.post("/payments/stripe/webhook/", data="{}", content_type="application/json").status_code == 404


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [("amount_total", 100, "Amount"), ("currency", "usd", "Currency")],
)
def test_an_amount_or_currency_mismatch_flags_the_payment_and_leaves_the_order_unpaid(
    client, paid_event, field, value, reason, django_capture_on_commit_callbacks
):
    """The session says 1.00 € (or dollars) where the order costs 20.00 €: not paid, flagged, staff told."""
    order, event = paid_event
    event["data"]["object"][field] = value
    with django_capture_on_commit_callbacks(execute=True):
        assert stripe_post(client, event).status_code == 200
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING_PAYMENT
    payment = Payment.objects.get()
    assert payment.needs_review and reason in payment.review_note
    assert WebhookEvent.objects.get().outcome == WebhookEvent.Outcome.MISMATCH
    alerts = staff_emails()
    assert len(alerts) == 1 and "mismatch" in alerts[0].subject and order.number in alerts[0].subject
    assert not order_emails(order, "paid")


def test_a_capture_already_recorded_cannot_pay_another_payment(
    client, customer, gateways, stripe_emulator, django_capture_on_commit_callbacks
):
    """An event (new id) naming another payment but a PaymentIntent already recorded: refused and flagged."""
    first = payment_start(order=order_make(user=customer), gateway="stripe")
    other = payment_start(order=order_make(user=customer), gateway="stripe")
    paid = stripe_emulator.pay(first.external_reference)
    with django_capture_on_commit_callbacks(execute=True):
        stripe_post(client, paid)
    replay = json.loads(json.dumps(paid))
    replay["id"] = "evt_replayed_capture"
    session = replay["data"]["object"]
    session["id"], session["metadata"] = (
        other.external_reference,
        {"order_number": other.order.number, "payment_id": str(other.pk)},
    )
    session["client_reference_id"] = other.order.number
    with django_capture_on_commit_callbacks(execute=True):
        assert stripe_post(client, replay).status_code == 200
    other.refresh_from_db()
    other.order.refresh_from_db()
    assert other.order.status == Order.Status.PENDING_PAYMENT and other.needs_review
    assert WebhookEvent.objects.get(external_id="evt_replayed_capture").outcome == WebhookEvent.Outcome.REJECTED
    assert PaymentTransaction.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_same_event_delivered_twice_at_once_pays_once(client, customer, gateways, stripe_emulator, mailoutbox):
    """Two deliveries of one event racing each other: one event row, one capture, one "paid" email."""
    needs_postgresql()
    order = order_make(user=customer)
    payment = payment_start(order=order, gateway="stripe")
    event = stripe_emulator.pay(payment.external_reference)
    body = json.dumps(event)

    def deliver(_index: int) -> int:
        from django.test import Client

        return stripe_post(Client(), body).status_code

    assert run_concurrently(deliver, 2) == [200, 200]
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert WebhookEvent.objects.count() == 1 and PaymentTransaction.objects.count() == 1
    assert len(order_emails(order, "paid")) == 1


@pytest.mark.django_db(transaction=True)
def test_two_different_events_of_one_payment_racing_converge(client, customer, gateways, stripe_emulator, mailoutbox):
    """``completed (paid)`` and a late ``async_payment_succeeded`` at once: paid once, one capture."""
    needs_postgresql()
    order = order_make(user=customer)
    payment = payment_start(order=order, gateway="stripe")
    bodies = [
        json.dumps(stripe_emulator.pay(payment.external_reference)),
        json.dumps(stripe_emulator.async_succeed(payment.external_reference)),
    ]

    def deliver(index: int) -> int:
        from django.test import Client

        return stripe_post(Client(), bodies[index]).status_code

    assert run_concurrently(deliver, 2) == [200, 200]
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert WebhookEvent.objects.count() == 2 and PaymentTransaction.objects.count() == 1
    assert len(order_emails(order, "paid")) == 1
