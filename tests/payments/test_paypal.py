"""PayPal Payments Standard with django-paypal: the form, then IPNs verified by postback to the local emulator.

Only a VERIFIED, Completed IPN sent to our receiver, for the order's amount and currency, with a
transaction id never recorded, pays the order.
"""

from decimal import Decimal
from urllib.parse import parse_qs

import pytest
from paypal.standard.ipn.models import PayPalIPN

from orders.models import Invoice, Order
from payments.models import Payment, PaymentTransaction, WebhookEvent
from payments.services import payment_refund, payment_start
from webox.common.errors import ProviderUnavailable

from .support import ipn_fields, ipn_post, needs_postgresql, order_emails, order_make, run_concurrently, staff_emails

pytestmark = pytest.mark.django_db


@pytest.fixture
def payment(customer, gateways) -> Payment:
    """A PayPal payment started for a 20.00 € order of ``customer``."""
    return payment_start(order=order_make(user=customer), gateway="paypal")


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _order_status(payment: Payment) -> str:
    payment.order.refresh_from_db()
    return payment.order.status


def test_the_form_page_sends_the_order_to_paypal_with_a_signed_custom(client, customer, payment):
    client.force_login(customer)
    response = client.get(payment.redirect_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'action="https://www.sandbox.paypal.com/cgi-bin/webscr"' in html
    for name, value in [
        ("business", "shop@webox.test"),
        ("amount", "20.00"),
        ("currency_code", "EUR"),
        ("invoice", payment.order.number),
        ("notify_url", "http://testserver/payments/paypal/ipn/"),
    ]:
        assert f'name="{name}" value="{value}"' in html
    assert f'name="custom" value="{payment.pk}:' in html
    assert "https://www.sandbox.paypal.com" in response["Content-Security-Policy"]


def test_another_customer_cannot_open_the_form(client, payment):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(payment.redirect_url).status_code == 404


def test_a_verified_completed_ipn_pays_the_order_once(client, payment, paypal_emulator, commit):
    fields = ipn_fields(payment)
    with commit():
        response = ipn_post(client, fields)
    assert response.status_code == 200 and response.content == b"OKAY"
    [postback] = paypal_emulator.received
    assert postback.startswith(b"cmd=_notify-validate&") and parse_qs(postback.decode())["txn_id"] == [fields["txn_id"]]
    with commit():
        ipn_post(client, fields)  # PayPal sends it again: django-paypal flags the duplicate
    order = payment.order
    order.refresh_from_db()
    assert order.status == Order.Status.PAID and order.payment_method == "paypal"
    assert Invoice.objects.filter(order=order, kind="invoice").count() == 1
    assert len(order_emails(order, "paid")) == 1
    assert list(PaymentTransaction.objects.values_list("kind", "external_id")) == [("capture", fields["txn_id"])]
    assert PayPalIPN.objects.filter(flag=True, flag_info__contains="Duplicate txn_id").count() == 1


def test_an_invalid_postback_changes_nothing(client, payment, paypal_emulator):
    paypal_emulator.answer = "INVALID"
    assert ipn_post(client, ipn_fields(payment)).status_code == 200
    assert _order_status(payment) == Order.Status.PENDING_PAYMENT
    assert not WebhookEvent.objects.exists()
    assert PayPalIPN.objects.get().flag_info == "Invalid postback. (INVALID)"


def test_repeated_invalid_postbacks_alert_staff(client, payment, paypal_emulator, mailoutbox):
    paypal_emulator.answer = "INVALID"
    for index in range(7):
        ipn_post(client, ipn_fields(payment, txn_id=f"FORGED{index}"))
    assert len(staff_emails()) == 1  # one alert per ten minutes, however many failures


def test_an_ipn_for_another_receiver_is_rejected(client, payment):
    """A real, verified payment... to someone else's PayPal account, naming our order: not ours."""
    ipn_post(client, ipn_fields(payment, receiver_email="crook@example.com", business="crook@example.com"))
    assert _order_status(payment) == Order.Status.PENDING_PAYMENT
    event = WebhookEvent.objects.get()
    assert event.outcome == WebhookEvent.Outcome.REJECTED and "crook@example.com" in event.detail


@pytest.mark.parametrize(("field", "value"), [("mc_gross", "0.01"), ("mc_currency", "USD")])
def test_a_wrong_amount_or_currency_flags_the_payment(client, payment, field, value, commit, mailoutbox):
    """The buyer edited the form's amount (or currency): PayPal verifies it, WEBOX refuses to count it."""
    with commit():
        ipn_post(client, ipn_fields(payment, **{field: value}))
    assert _order_status(payment) == Order.Status.PENDING_PAYMENT
    payment.refresh_from_db()
    assert payment.needs_review
    assert WebhookEvent.objects.get().outcome == WebhookEvent.Outcome.MISMATCH
    assert any("mismatch" in message.subject for message in staff_emails())


def test_a_custom_field_not_signed_by_webox_is_rejected(client, payment):
    ipn_post(client, ipn_fields(payment, custom=f"{payment.pk}:forged"))
    assert _order_status(payment) == Order.Status.PENDING_PAYMENT
    assert WebhookEvent.objects.get().outcome == WebhookEvent.Outcome.REJECTED


def test_pending_then_completed_pays_when_completed(client, payment, commit):
    fields = ipn_fields(payment, payment_status="Pending", pending_reason="echeck")
    ipn_post(client, fields)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING and _order_status(payment) == Order.Status.PENDING_PAYMENT
    with commit():
        ipn_post(client, {**fields, "payment_status": "Completed", "ipn_track_id": "second"})
    payment.refresh_from_db()
    assert payment.status == Payment.Status.CAPTURED and _order_status(payment) == Order.Status.PAID
    assert len(order_emails(payment.order, "paid")) == 1


def test_a_sandbox_ipn_is_refused_in_live_mode_without_any_postback(client, payment, settings, paypal_emulator):
    settings.PAYMENT_GATEWAYS["paypal"]["OPTIONS"]["test"] = False
    settings.PAYMENT_GATEWAYS = {**settings.PAYMENT_GATEWAYS}  # reload the registry
    assert ipn_post(client, ipn_fields(payment, test_ipn="1")).status_code == 200
    assert paypal_emulator.received == []
    assert _order_status(payment) == Order.Status.PENDING_PAYMENT
    assert "refused" in PayPalIPN.objects.get().flag_info and not WebhookEvent.objects.exists()


def test_a_postback_that_times_out_asks_paypal_to_retry(client, payment, settings, paypal_emulator):
    settings.PAYMENT_GATEWAYS["paypal"]["OPTIONS"]["timeout"] = 0.2
    settings.PAYMENT_GATEWAYS = {**settings.PAYMENT_GATEWAYS}
    paypal_emulator.delay(1)
    response = ipn_post(client, ipn_fields(payment))
    assert response.status_code == 503
    assert _order_status(payment) == Order.Status.PENDING_PAYMENT and not WebhookEvent.objects.exists()


def test_a_transaction_id_cannot_pay_a_second_payment(client, customer, payment, commit):
    """A txn_id that paid one order, presented again (verified) for another order: that order stays unpaid."""
    with commit():
        ipn_post(client, ipn_fields(payment))
    other = payment_start(order=order_make(user=customer), gateway="paypal")
    with commit():
        ipn_post(client, ipn_fields(other, txn_id=ipn_fields(payment)["txn_id"], ipn_track_id="replay"))
    assert _order_status(other) == Order.Status.PENDING_PAYMENT
    assert PaymentTransaction.objects.filter(kind="capture").count() == 1


def test_a_refund_and_a_reversal_are_recorded_on_the_order(client, payment, commit):
    paid = ipn_fields(payment)
    with commit():
        ipn_post(client, paid)
    refund = {
        "payment_status": "Refunded",
        "mc_gross": "-5.00",
        "parent_txn_id": paid["txn_id"],
        "reason_code": "refund",
    }
    with commit():
        ipn_post(client, {**paid, **refund, "txn_id": "REFUND0001", "ipn_track_id": "r1"})
    order = payment.order
    order.refresh_from_db()
    assert order.status == Order.Status.PARTIALLY_REFUNDED and order.refunded_total == Decimal("5.00")
    reversal = {**refund, "payment_status": "Reversed", "mc_gross": "-15.00", "reason_code": "chargeback"}
    with commit():
        ipn_post(client, {**paid, **reversal, "txn_id": "REVERSAL01", "ipn_track_id": "r2"})
    order.refresh_from_db()
    payment.refresh_from_db()
    assert order.status == Order.Status.REFUNDED and payment.status == Payment.Status.REFUNDED
    assert len(order_emails(order, "refunded")) == 1  # orders sends each kind of email once


def test_paypal_cannot_refund_through_an_api_and_says_so(client, payment, commit, mailoutbox):
    with commit():
        ipn_post(client, ipn_fields(payment))
    payment.refresh_from_db()
    with pytest.raises(ProviderUnavailable) as error:
        payment_refund(payment=payment, amount=Decimal("5.00"))
    assert error.value.code == "refund_not_supported"
    assert any("Refund failed" in message.subject for message in staff_emails())


@pytest.mark.django_db(transaction=True)
def test_the_same_ipn_twice_at_once_pays_once(customer, gateways, paypal_emulator, mailoutbox):
    """django-paypal's duplicate check races; WEBOX's unique event id and capture id do not."""
    needs_postgresql()
    payment = payment_start(order=order_make(user=customer), gateway="paypal")
    fields = ipn_fields(payment)

    def deliver(_index: int) -> int:
        from django.test import Client

        return ipn_post(Client(), fields).status_code

    assert run_concurrently(deliver, 4) == [200] * 4
    assert _order_status(payment) == Order.Status.PAID
    assert PaymentTransaction.objects.count() == 1 and WebhookEvent.objects.count() == 1
    assert len(order_emails(payment.order, "paid")) == 1
