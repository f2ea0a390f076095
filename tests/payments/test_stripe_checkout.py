"""Stripe end to end: the API opens a Checkout Session on the emulator; the signed webhook pays the order once."""

from decimal import Decimal

import pytest

from orders.models import CreditGrant, Invoice, Order
from payments.models import Payment, PaymentTransaction, WebhookEvent
from payments.services import payment_request_build
from tests.orders.factories import order_place_for

from .support import order_emails, order_make, stripe_post

pytestmark = pytest.mark.django_db


def _start(api, order: Order, gateway: str = "stripe"):
    return api.post(f"/api/v1/orders/{order.number}/payments/", {"gateway": gateway}, format="json")


def test_stripe_payment_end_to_end_pays_the_order_once(
    api, client, customer, gateways, stripe_emulator, physical, credit_pack, django_capture_on_commit_callbacks
):
    """API → Checkout Session (server-side lines in cents) → customer pays → signed webhook → order paid:
    stock taken, invoice issued, credits recorded, one "paid" email, whatever the repeats."""
    order = order_place_for(customer, (physical, 3), credit_pack)
    assert order.total == Decimal("65.00")  # 3 x 20.00 (free delivery above 50 €) + 5.00
    response = _start(api, order)
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "status", "redirect_url"} and body["status"] == "created"
    assert body["redirect_url"].startswith("https://checkout.stripe.com/c/pay/cs_test_")

    session_id = body["redirect_url"].rsplit("/", 1)[1]
    session = stripe_emulator.session(session_id)
    assert session["amount_total"] == 6500 and session["currency"] == "eur"
    assert session["client_reference_id"] == order.number
    assert session["metadata"] == {"order_number": order.number, "payment_id": str(body["id"])}
    assert [(item["quantity"], item["price_data"]["unit_amount"]) for item in session["line_items"]["data"]] == [
        ("3", "2000"),
        ("1", "500"),
    ]
    sent = stripe_emulator.state.requests[-1]
    assert sent["idempotency_key"] == Payment.objects.get().idempotency_key

    event = stripe_emulator.pay(session_id)
    with django_capture_on_commit_callbacks(execute=True):
        assert stripe_post(client, event).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert stripe_post(client, event).status_code == 200  # delivered again: nothing more happens

    order.refresh_from_db()
    physical.default_variant.refresh_from_db()
    assert order.status == Order.Status.PAID and order.payment_method == "stripe"
    assert physical.default_variant.stock == 7
    assert Invoice.objects.filter(order=order, kind=Invoice.Kind.INVOICE).count() == 1
    assert list(CreditGrant.objects.filter(line__order=order).values_list("credits", "user")) == [(500, customer.pk)]
    assert len(order_emails(order, "paid")) == 1
    payment = Payment.objects.get()
    assert payment.status == Payment.Status.CAPTURED and payment.capture_reference.startswith("pi_test_")
    assert list(payment.transactions.values_list("kind", "amount")) == [("capture", Decimal("65.00"))]
    assert WebhookEvent.objects.get().outcome == WebhookEvent.Outcome.PROCESSED


def test_starting_twice_reuses_the_open_session(api, customer, gateways, stripe_emulator):
    """A second click on "Pay" gives the same payment and the same Checkout Session, not a second charge."""
    order = order_make(user=customer)
    first, second = _start(api, order).json(), _start(api, order).json()
    assert first == second
    assert len(stripe_emulator.state.sessions) == 1 and Payment.objects.count() == 1


def test_a_retried_session_call_gets_the_same_session_from_the_idempotency_key(customer, gateways, stripe_emulator):
    """The attempt's idempotency key is deterministic: calling Stripe again (a retry) returns the first session."""
    from payments.gateways import gateway_get

    order = order_make(user=customer)
    payment = Payment.objects.create(order=order, gateway="stripe", amount=order.total, idempotency_key="webox-k-1")
    request = payment_request_build(payment=payment)
    first = gateway_get("stripe").payment_start(request)
    again = gateway_get("stripe").payment_start(request)
    assert first == again and len(stripe_emulator.state.sessions) == 1


def test_lines_with_an_uneven_discount_and_delivery_still_add_up_to_the_total(customer, gateways):
    """A discount share that does not split between units becomes one line; delivery is a line of its own."""
    order = order_make(user=customer, unit_price=Decimal("10.00"), quantity=3, shipping=Decimal("5.00"))
    order.lines.update(discount=Decimal("1.00"))
    Order.objects.filter(pk=order.pk).update(discount_total=Decimal("1.00"), total=Decimal("34.00"))
    order.refresh_from_db()
    payment = Payment.objects.create(order=order, gateway="stripe", amount=order.total, idempotency_key="k-lines")
    lines = payment_request_build(payment=payment).lines
    assert [(line.unit_amount, line.quantity) for line in lines] == [(Decimal("29.00"), 1), (Decimal("5.00"), 1)]
    assert lines[0].name.startswith("3 x ")


def test_a_gateway_failure_at_start_is_a_503_with_a_code(api, customer, gateways, stripe_emulator):
    order = order_make(user=customer)
    stripe_emulator.fail_next("/v1/checkout/sessions", status=500)
    response = _start(api, order)
    assert response.status_code == 503 and response.json()["code"] == "gateway_error"
    assert Payment.objects.get().status == Payment.Status.FAILED
    assert _start(api, order).status_code == 201  # the next click makes a new attempt


def test_an_asynchronous_payment_waits_then_pays(api, client, customer, gateways, stripe_emulator):
    """``completed`` with ``payment_status: unpaid`` (SEPA...) waits; ``async_payment_succeeded`` pays."""
    order = order_make(user=customer)
    session_id = _start(api, order).json()["redirect_url"].rsplit("/", 1)[1]
    stripe_post(client, stripe_emulator.pay(session_id, asynchronous=True))
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING_PAYMENT and Payment.objects.get().status == Payment.Status.PENDING
    stripe_post(client, stripe_emulator.async_succeed(session_id))
    order.refresh_from_db()
    assert order.status == Order.Status.PAID and Payment.objects.get().status == Payment.Status.CAPTURED


def test_an_asynchronous_failure_leaves_the_order_waiting(api, client, customer, gateways, stripe_emulator):
    order = order_make(user=customer)
    session_id = _start(api, order).json()["redirect_url"].rsplit("/", 1)[1]
    stripe_post(client, stripe_emulator.pay(session_id, asynchronous=True))
    stripe_post(client, stripe_emulator.async_fail(session_id))
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING_PAYMENT and Payment.objects.get().status == Payment.Status.FAILED
    assert not PaymentTransaction.objects.exists()


def test_out_of_order_events_reach_the_same_final_state(
    api, client, customer, gateways, stripe_emulator, django_capture_on_commit_callbacks
):
    """``async_payment_succeeded`` before ``completed (unpaid)``, and a declined card notified after the
    capture: the order is paid once and stays paid."""
    order = order_make(user=customer)
    session_id = _start(api, order).json()["redirect_url"].rsplit("/", 1)[1]
    declined = stripe_emulator.card_declined(session_id)
    completed = stripe_emulator.pay(session_id, asynchronous=True)
    succeeded = stripe_emulator.async_succeed(session_id)
    for event in (succeeded, completed, declined):
        with django_capture_on_commit_callbacks(execute=True):
            assert stripe_post(client, event).status_code == 200
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    payment = Payment.objects.get()
    assert payment.status == Payment.Status.CAPTURED and payment.transactions.count() == 1
    assert len(order_emails(order, "paid")) == 1
    outcomes = dict(WebhookEvent.objects.values_list("event_type", "outcome"))
    assert outcomes["checkout.session.completed"] == "unchanged"
    assert outcomes["payment_intent.payment_failed"] == "unchanged"


def test_a_declined_card_fails_the_attempt_and_a_new_one_can_start(api, client, customer, gateways, stripe_emulator):
    order = order_make(user=customer)
    first = _start(api, order).json()
    stripe_post(client, stripe_emulator.card_declined(first["redirect_url"].rsplit("/", 1)[1]))
    payment = Payment.objects.get(pk=first["id"])
    assert payment.status == Payment.Status.FAILED and payment.failure_reason == "Your card was declined."
    second = _start(api, order).json()
    assert second["id"] != first["id"] and second["status"] == "created"


@pytest.mark.django_db(transaction=True)
def test_clicks_on_pay_at_the_same_time_give_one_attempt_and_one_session(customer, gateways, stripe_emulator):
    """The order row is locked while the attempt is chosen; the idempotency key makes Stripe answer once."""
    from .support import needs_postgresql, run_concurrently

    needs_postgresql()
    order = order_make(user=customer)

    def start(_index: int):
        from payments.services import payment_start

        return payment_start(order=order, gateway="stripe").redirect_url

    urls = run_concurrently(start, 5)
    assert len(set(urls)) == 1 and urls[0].startswith("https://checkout.stripe.com/")
    assert Payment.objects.count() == 1 and len(stripe_emulator.state.sessions) == 1
