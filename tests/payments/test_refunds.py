"""Refunds: through Stripe's API first (idempotency key), then the ledger and the order; never more than captured."""

from decimal import Decimal

import pytest

from orders.models import Invoice, Order
from orders.services import order_cancel
from payments.models import Payment, PaymentTransaction, WebhookEvent
from payments.services import order_payments_refund, payment_refund, payment_start
from webox.common.errors import ApplicationError, Conflict, ProviderUnavailable

from .support import order_emails, order_make, staff_emails, stripe_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(client, customer, gateways, stripe_emulator, django_capture_on_commit_callbacks):
    """An order of 20.00 € paid through Stripe (emulated), with its payment."""

    def make(**fields):
        order = order_make(user=customer, **fields)
        payment = payment_start(order=order, gateway="stripe")
        with django_capture_on_commit_callbacks(execute=True):
            assert stripe_post(client, stripe_emulator.pay(payment.external_reference)).status_code == 200
        order.refresh_from_db()
        payment.refresh_from_db()
        assert order.status == Order.Status.PAID
        return order, payment

    return make


def _refund_requests(emulator) -> list:
    return [request for request in emulator.state.requests if request["path"] == "/v1/refunds"]


def test_a_partial_refund_goes_through_stripe_then_the_order(paid, stripe_emulator, django_capture_on_commit_callbacks):
    order, payment = paid()
    with django_capture_on_commit_callbacks(execute=True):
        entry = payment_refund(payment=payment, amount=Decimal("5.00"), reason="Geste commercial")
    [request] = _refund_requests(stripe_emulator)
    assert request["params"]["amount"] == "500" and request["params"]["payment_intent"] == payment.capture_reference
    assert request["idempotency_key"] == f"{payment.idempotency_key}-refund-1-500"
    assert entry.kind == "refund" and entry.amount == Decimal("5.00") and entry.external_id.startswith("re_test_")
    order.refresh_from_db()
    payment.refresh_from_db()
    assert order.status == Order.Status.PARTIALLY_REFUNDED and order.refunded_total == Decimal("5.00")
    assert payment.status == Payment.Status.PARTIALLY_REFUNDED
    assert Invoice.objects.filter(order=order, kind=Invoice.Kind.CREDIT_NOTE).count() == 1
    assert len(order_emails(order, "refunded")) == 1


def test_stripes_notice_of_our_own_refund_changes_nothing(client, paid, stripe_emulator):
    """``charge.refunded`` for a refund WEBOX made: already in the ledger, recorded once."""
    order, payment = paid()
    payment_refund(payment=payment, amount=Decimal("5.00"))
    notice = stripe_emulator.state.events[-1]
    assert notice["type"] == "charge.refunded"
    assert stripe_post(client, notice).status_code == 200
    assert WebhookEvent.objects.get(external_id=notice["id"]).outcome == WebhookEvent.Outcome.UNCHANGED
    assert PaymentTransaction.objects.filter(kind="refund").count() == 1
    order.refresh_from_db()
    assert order.refunded_total == Decimal("5.00")


def test_a_refund_made_in_stripes_dashboard_is_recorded_from_its_notice(client, paid, stripe_emulator):
    order, payment = paid()
    notice = stripe_emulator.dashboard_refund(payment.capture_reference, 2000)
    assert stripe_post(client, notice).status_code == 200
    order.refresh_from_db()
    payment.refresh_from_db()
    assert order.status == Order.Status.REFUNDED and order.refunded_total == Decimal("20.00")
    assert payment.status == Payment.Status.REFUNDED
    assert list(payment.transactions.values_list("kind", "amount")) == [
        ("capture", Decimal("20.00")),
        ("refund", Decimal("20.00")),
    ]


def test_refunding_more_than_captured_is_refused_before_calling_stripe(paid, stripe_emulator):
    _order, payment = paid()
    payment_refund(payment=payment, amount=Decimal("15.00"))
    with pytest.raises(Conflict) as error:
        payment_refund(payment=payment, amount=Decimal("5.01"))
    assert error.value.code == "refund_too_large"
    assert len(_refund_requests(stripe_emulator)) == 1
    assert PaymentTransaction.objects.filter(kind="refund").count() == 1


@pytest.mark.parametrize("amount", ["0", "-1", "abc", "1.001"])
def test_a_refund_amount_must_be_positive_to_the_cent(paid, amount):
    _order, payment = paid()
    with pytest.raises(ApplicationError) as error:
        payment_refund(payment=payment, amount=amount)
    assert error.value.code == "invalid_amount"


def test_an_uncaptured_payment_cannot_be_refunded(customer, gateways, stripe_emulator):
    payment = payment_start(order=order_make(user=customer), gateway="stripe")
    with pytest.raises(Conflict) as error:
        payment_refund(payment=payment, amount=Decimal("1.00"))
    assert error.value.code == "refund_too_large"


def test_a_refund_stripe_refuses_alerts_staff_and_records_nothing(paid, stripe_emulator, mailoutbox):
    order, payment = paid()
    stripe_emulator.fail_next("/v1/refunds", status=402, message="Insufficient balance.", type_="invalid_request_error")
    with pytest.raises(ProviderUnavailable) as error:
        payment_refund(payment=payment, amount=Decimal("5.00"))
    assert error.value.code == "refund_failed"
    assert not PaymentTransaction.objects.filter(kind="refund").exists()
    order.refresh_from_db()
    assert order.refunded_total == 0
    alerts = staff_emails()
    assert len(alerts) == 1 and "Refund failed" in alerts[0].subject


def test_an_order_is_refunded_through_its_payments(paid):
    order, payment = paid()
    [entry] = order_payments_refund(order=order, amount=Decimal("20.00"))
    assert entry.payment == payment
    with pytest.raises(Conflict):
        order_payments_refund(order=order, amount=Decimal("0.01"))


def test_a_refund_notified_before_its_capture_waits_for_it(
    client, customer, gateways, stripe_emulator, django_capture_on_commit_callbacks
):
    """``charge.refunded`` arriving before ``checkout.session.completed`` is postponed, then applied."""
    order = order_make(user=customer)
    payment = payment_start(order=order, gateway="stripe")
    completed = stripe_emulator.pay(payment.external_reference)
    intent = stripe_emulator.session(payment.external_reference)["payment_intent"]
    refunded = stripe_emulator.dashboard_refund(intent, 700)
    stripe_post(client, refunded)
    assert WebhookEvent.objects.get().outcome == WebhookEvent.Outcome.POSTPONED
    with django_capture_on_commit_callbacks(execute=True):
        stripe_post(client, completed)
    order.refresh_from_db()
    assert order.status == Order.Status.PARTIALLY_REFUNDED and order.refunded_total == Decimal("7.00")
    assert WebhookEvent.objects.get(external_id=refunded["id"]).outcome == WebhookEvent.Outcome.PROCESSED


def test_cancelling_a_paid_order_refunds_it_through_stripe(paid, stripe_emulator, django_capture_on_commit_callbacks):
    order, payment = paid()
    with django_capture_on_commit_callbacks(execute=True):
        order_cancel(order=order, reason="Client a changé d'avis")
    [request] = _refund_requests(stripe_emulator)
    assert request["params"]["amount"] == "2000"
    payment.refresh_from_db()
    order.refresh_from_db()
    assert payment.status == Payment.Status.REFUNDED and order.status == Order.Status.CANCELLED
    # The order keeps its status and records the refund with a credit note.
    assert order.refunded_total == order.total
    assert order.invoices.filter(kind="credit_note").count() == 1


def test_a_payment_arriving_after_the_order_was_cancelled_is_flagged_and_refunded(
    client, customer, gateways, stripe_emulator, mailoutbox, django_capture_on_commit_callbacks
):
    """The order expired and was cancelled while the customer paid: it stays cancelled, the money goes back."""
    order = order_make(user=customer)
    payment = payment_start(order=order, gateway="stripe")
    order_cancel(order=order, reason="Expired")
    with django_capture_on_commit_callbacks(execute=True):
        stripe_post(client, stripe_emulator.pay(payment.external_reference))
    order.refresh_from_db()
    payment.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
    assert payment.needs_review and payment.status == Payment.Status.REFUNDED
    assert [r["params"]["amount"] for r in _refund_requests(stripe_emulator)] == ["2000"]
    assert WebhookEvent.objects.get().outcome == WebhookEvent.Outcome.REFUND_DUE
    assert any("Payment to refund" in message.subject for message in staff_emails())


def test_a_second_payment_of_a_paid_order_is_refunded(
    client, customer, gateways, stripe_emulator, django_capture_on_commit_callbacks
):
    """Two tabs, two sessions, both paid: the second capture is refunded automatically."""
    order = order_make(user=customer)
    first = payment_start(order=order, gateway="stripe")
    second = payment_start(order=order, gateway="sandbox")
    with django_capture_on_commit_callbacks(execute=True):
        stripe_post(client, stripe_emulator.pay(first.external_reference))
    from payments.gateways import gateway_get
    from payments.services import webhook_handle

    sandbox = gateway_get("sandbox")
    with django_capture_on_commit_callbacks(execute=True):
        body, signature = sandbox.notification_sign(sandbox.notification_make(payment=second, approved=True))
        webhook_handle(gateway="sandbox", body=body, signature=signature)
    second.refresh_from_db()
    order.refresh_from_db()
    assert order.status == Order.Status.PAID and order.refunded_total == 0
    assert second.status == Payment.Status.REFUNDED and second.needs_review
    assert len(order_emails(order, "paid")) == 1
