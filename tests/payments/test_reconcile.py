"""Reconciliation: notifications that never arrived are found in Stripe's events or sessions and processed once."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from orders.models import Order
from payments.models import WebhookEvent
from payments.services import payment_start, payments_reconcile
from payments.tasks import payments_reconcile_task

from .support import order_emails, order_make, stripe_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_without_webhook(customer, gateways, stripe_emulator):
    """The customer paid on Stripe's page, but the webhook never reached WEBOX."""
    order = order_make(user=customer)
    payment = payment_start(order=order, gateway="stripe")
    event = stripe_emulator.pay(payment.external_reference)
    return order, payment, event


def test_a_lost_webhook_is_found_in_stripes_events(paid_without_webhook, client, django_capture_on_commit_callbacks):
    order, _payment, event = paid_without_webhook
    with django_capture_on_commit_callbacks(execute=True):
        assert payments_reconcile() == 1
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert payments_reconcile() == 0  # already processed: skipped
    with django_capture_on_commit_callbacks(execute=True):
        assert stripe_post(client, event).status_code == 200  # the webhook arrives after all
    assert WebhookEvent.objects.count() == 1 and len(order_emails(order, "paid")) == 1


def test_an_open_session_is_read_when_its_event_is_gone(paid_without_webhook, stripe_emulator):
    """Older than the events kept: the Checkout Session of the open payment still says it is paid."""
    order, payment, _event = paid_without_webhook
    stripe_emulator.state.events.clear()
    assert payments_reconcile() == 1
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert WebhookEvent.objects.get().external_id == f"reconcile:{payment.external_reference}:complete:paid"


def test_the_command_and_the_hourly_task_reconcile(paid_without_webhook):
    out = StringIO()
    call_command("payments_reconcile", "--days", "1", stdout=out)
    assert "1 notification(s)" in out.getvalue()
    payments_reconcile_task.delay()
    assert WebhookEvent.objects.count() == 1
    assert settings.CELERY_BEAT_SCHEDULE["payments-reconcile"]["task"] == "payments.tasks.payments_reconcile_task"


def test_a_stripe_outage_during_reconciliation_is_logged_not_raised(paid_without_webhook, stripe_emulator, caplog):
    stripe_emulator.fail_next("/v1/events", status=500)
    assert payments_reconcile() == 0
    assert "Reconciliation with stripe failed" in caplog.text
