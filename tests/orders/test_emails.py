"""Order emails: HTML and text in the customer's language, sent after commit by Celery, once per kind."""

from decimal import Decimal
from smtplib import SMTPServerDisconnected

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.db import transaction

from orders.emails import ORDER_EMAIL_KINDS, order_email_queue, order_email_send
from orders.models import Order
from orders.services.downloads import downloads_grant
from orders.services.invoices import invoice_issue
from orders.tasks import order_email_send_task
from tests.factories import UserFactory
from tests.orders.documents_support import DEFAULT_ITEMS, digital_item, digital_product_make, order_make

pytestmark = pytest.mark.django_db

SUBJECTS = {
    "fr": {
        "received": "Commande {} reçue",
        "paid": "Paiement confirmé pour la commande {}",
        "shipped": "Commande {} expédiée",
        "delivered": "Commande {} livrée",
        "cancelled": "Commande {} annulée",
        "refunded": "Commande {} remboursée",
    },
    "en": {
        "received": "Order {} received",
        "paid": "Payment confirmed for order {}",
        "shipped": "Order {} has shipped",
        "delivered": "Order {} delivered",
        "cancelled": "Order {} cancelled",
        "refunded": "Order {} refunded",
    },
}
GREETING = {"fr": "Bonjour Léa Martin,", "en": "Hello Léa Martin,"}
TOTAL = {"fr": "Total TTC : 54,90\u00a0€", "en": "Total incl. VAT: €54.90"}


def sent_now(order: Order, kind: str, capture) -> mail.EmailMultiAlternatives:
    """Queue the email as a service does, commit, and return the one message sent."""
    with capture(execute=True), transaction.atomic():
        order_email_queue(order=order, kind=kind)
    assert len(mail.outbox) == 1, [message.subject for message in mail.outbox]
    return mail.outbox[0]


def html_of(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("kind", ORDER_EMAIL_KINDS)
def test_each_email_renders_in_the_order_language_as_text_and_html(kind, language, django_capture_on_commit_callbacks):
    user = UserFactory()
    order = order_make(user=user, language=language, carrier="Colissimo", tracking_number="6A123456789")
    message = sent_now(order, kind, django_capture_on_commit_callbacks)
    assert message.subject == "[WEBOX] " + SUBJECTS[language][kind].format(order.number)
    assert message.to == [order.email]
    order_url = f"http://testserver{'/en' if language == 'en' else ''}/orders/{order.number}/"
    for body in (message.body, html_of(message)):
        assert GREETING[language] in body
        assert order.number in body and "Mug WEBOX" in body and "T-shirt WEBOX" in body
        assert order_url in body
    assert TOTAL[language] in message.body
    assert f'<html lang="{language}">' in html_of(message)


def test_the_email_task_sends_each_kind_once(django_capture_on_commit_callbacks):
    order = order_make()
    order_email_send_task.delay(order.pk, "paid")
    order_email_send_task.delay(order.pk, "paid")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        order_email_queue(order=order, kind="paid")
    assert len(mail.outbox) == 1
    order.refresh_from_db()
    assert order.emails_sent == ["paid"]
    order_email_send_task.delay(order.pk, "shipped")
    assert len(mail.outbox) == 2
    order.refresh_from_db()
    assert order.emails_sent == ["paid", "shipped"]


def test_nothing_is_sent_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    order = order_make()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        order_email_queue(order=order, kind="received")
        raise RuntimeError("order placement failed")
    assert callbacks == [] and mail.outbox == []


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        order_email_queue(order=order_make(), kind="birthday")


class FailingOnce:
    """An email backend whose first connection fails, as an SMTP server that hangs up."""

    failures = 0

    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        if FailingOnce.failures == 0:
            FailingOnce.failures += 1
            raise SMTPServerDisconnected("Connection unexpectedly closed")
        mail.outbox.extend(messages)
        return len(messages)


def test_a_failed_send_is_not_recorded_and_the_task_retries(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingOnce"
    FailingOnce.failures = 0
    order = order_make()
    with pytest.raises(SMTPServerDisconnected):
        order_email_send(order_id=order.pk, kind="received")
    order.refresh_from_db()
    assert order.emails_sent == [] and mail.outbox == []
    assert order_email_send(order_id=order.pk, kind="received") is True
    assert order_email_send(order_id=order.pk, kind="received") is False
    assert len(mail.outbox) == 1


def test_the_task_schedules_a_retry_when_the_smtp_connection_drops(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingOnce"
    FailingOnce.failures = 0
    order = order_make()
    with pytest.raises(Retry):  # eager mode raises what a worker would schedule
        order_email_send_task.delay(order.pk, "received")
    order.refresh_from_db()
    assert order.emails_sent == [] and mail.outbox == []
    order_email_send_task.delay(order.pk, "received")  # the retry
    order_email_send_task.delay(order.pk, "received")  # a redelivery
    assert len(mail.outbox) == 1
    order.refresh_from_db()
    assert order.emails_sent == ["received"]


def test_shipped_email_gives_carrier_and_tracking_number(django_capture_on_commit_callbacks):
    order = order_make(language="en", carrier="Colissimo", tracking_number="6A123456789")
    message = sent_now(order, "shipped", django_capture_on_commit_callbacks)
    for body in (message.body, html_of(message)):
        assert "Colissimo" in body and "6A123456789" in body


def test_paid_email_announces_the_invoice_and_gives_the_download_links(django_capture_on_commit_callbacks):
    user = UserFactory()
    items = [*DEFAULT_ITEMS, digital_item(digital_product_make(name="Guide PDF"))]
    order = order_make(user=user, items=items, language="en")
    invoice_issue(order=order)
    downloads_grant(order=order)
    message = sent_now(order, "paid", django_capture_on_commit_callbacks)
    assert "Your invoice is available on your order page." in message.body
    assert "http://testserver/en/orders/downloads/" in message.body
    assert "5 downloads left" in message.body
    assert "Download Guide PDF" in html_of(message)


def test_refunded_email_gives_the_amount(django_capture_on_commit_callbacks):
    order = order_make(language="fr", refunded_total=Decimal("12.40"), status=Order.Status.PARTIALLY_REFUNDED)
    message = sent_now(order, "refunded", django_capture_on_commit_callbacks)
    assert "12,40\u00a0€" in message.body and "12,40\u00a0€" in html_of(message)


def test_cancelled_email_promises_a_refund_only_when_paid(django_capture_on_commit_callbacks):
    paid = order_make(language="en", status=Order.Status.CANCELLED)
    message = sent_now(paid, "cancelled", django_capture_on_commit_callbacks)
    assert "will be refunded" in message.body
    mail.outbox.clear()
    unpaid = order_make(language="en", status=Order.Status.CANCELLED, paid_at=None)
    assert "will be refunded" not in sent_now(unpaid, "cancelled", django_capture_on_commit_callbacks).body


def test_a_guest_gets_the_signed_link_of_their_order(django_capture_on_commit_callbacks, client):
    order = order_make(user=None, email="invite@example.com")
    message = sent_now(order, "received", django_capture_on_commit_callbacks)
    [link] = [word for word in message.body.split() if word.startswith(f"http://testserver/orders/{order.number}/")]
    assert "?t=" in link
    assert client.get(link.removeprefix("http://testserver")).status_code == 200


def test_paying_an_order_sends_one_paid_email_with_its_downloads(django_capture_on_commit_callbacks):
    """Through the order services: a payment notice delivered twice still gives one email."""
    from orders.services import order_mark_paid

    items = [*DEFAULT_ITEMS, digital_item(digital_product_make(name="Guide PDF"))]
    order = order_make(user=UserFactory(), items=items, status=Order.Status.PENDING_PAYMENT, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        order_mark_paid(order=order, payment_method="sandbox")
    with django_capture_on_commit_callbacks(execute=True):
        order_mark_paid(order=order, payment_method="sandbox")
    [message] = mail.outbox
    assert message.subject == f"[WEBOX] Payment confirmed for order {order.number}"
    assert "/en/orders/downloads/" in message.body and "Your invoice is available" in message.body
