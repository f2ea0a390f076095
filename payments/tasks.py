"""Slow or scheduled work of payments, run by Celery workers (eagerly in dev and tests). Each task is idempotent."""

import logging

from celery import shared_task

from orders.models import Order
from webox.common.errors import ApplicationError

from .alerts import staff_alert_send
from .models import Payment
from .services import order_cancelled_refund, payment_refund_remaining, payments_reconcile

logger = logging.getLogger("webox.payments")


@shared_task(acks_late=True, ignore_result=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def staff_alert_send_task(subject: str, message: str) -> None:
    """Email an alert to staff (retried when the mail server does not answer)."""
    staff_alert_send(subject=subject, message=message)


@shared_task(acks_late=True, ignore_result=True)
def payment_refund_automatic_task(payment_id: int, reason: str) -> None:
    """Refund what is left of a payment that must not count (late or second payment); staff are alerted on failure."""
    payment = Payment.objects.get(pk=payment_id)
    try:
        payment_refund_remaining(payment=payment, reason=reason)
    except ApplicationError as exc:
        logger.error("Automatic refund of payment %s failed: %s", payment_id, exc.message)


@shared_task(acks_late=True, ignore_result=True)
def order_cancelled_refund_task(order_id: int) -> None:
    """Refund the payments of an order cancelled after it was paid."""
    order_cancelled_refund(order=Order.objects.get(pk=order_id))


@shared_task(acks_late=True, ignore_result=True)
def payments_reconcile_task() -> int:
    """Process the gateways' recent events that never arrived as notifications (hourly)."""
    return payments_reconcile()
