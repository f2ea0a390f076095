"""What a verified notification does to its payment, whatever the gateway. Runs inside the event's transaction.

The payment row is locked first, so notifications of one payment apply one
after the other. Each step converges: a capture is recorded once and is never
undone by an older "failed" or "pending" arriving late; refunds count from the
ledger; a refund notified before its capture waits for it (``postponed``).
"""

import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from orders.models import Order
from orders.services import order_mark_paid
from webox.common.errors import Conflict
from webox.common.money import to_cents

from ..gateways import EventKind, GatewayEvent
from ..models import Payment, PaymentTransaction, WebhookEvent
from ..selectors import CAPTURED_STATUSES, payment_ledger_totals
from .ledger import order_refund_record, payment_flag, payment_status_after_refund, transaction_add

logger = logging.getLogger("webox.payments")
Outcome = WebhookEvent.Outcome


@dataclass(frozen=True)
class Applied:
    """The outcome of a notification, the payment it concerned, and a line for the admin."""

    outcome: str
    payment: Payment | None = None
    detail: str = ""


def event_apply(*, record: WebhookEvent, event: GatewayEvent) -> Applied:
    """Apply ``event`` (stored as ``record``) to its payment; return what happened."""
    if event.kind == EventKind.IGNORED:
        return Applied(Outcome.IGNORED, detail=f"Type {event.type} is not acted on.")
    payment = _payment_locked(record.gateway, event)
    if event.kind == EventKind.REJECTED:
        logger.warning("%s notification %s rejected: %s", record.gateway, event.external_id, event.reason)
        return Applied(Outcome.REJECTED, payment, event.reason)
    if payment is None:
        logger.warning("%s notification %s matches no payment", record.gateway, event.external_id)
        return Applied(Outcome.IGNORED, detail="No payment of this shop matches this notification.")
    handlers = {
        EventKind.SUCCEEDED: _succeeded,
        EventKind.PENDING: _pending,
        EventKind.FAILED: _failed,
        EventKind.REFUNDED: _refunded,
    }
    return handlers[event.kind](record, event, payment)


def _payment_locked(gateway: str, event: GatewayEvent) -> Payment | None:
    """Find and lock the payment named by the event: its id, else its capture, else its page reference."""
    lookups = [
        Q(pk=event.payment_id) if event.payment_id else None,
        Q(capture_reference=event.capture_reference) if event.capture_reference else None,
        Q(external_reference=event.reference) if event.reference else None,
    ]
    payments = Payment.objects.select_for_update().filter(gateway=gateway)
    for lookup in filter(None, lookups):
        payment = payments.filter(lookup).order_by("pk").first()
        if payment is not None:
            if event.order_number and payment.order.number != event.order_number:
                logger.warning(
                    "%s event %s names order %s for payment %s",
                    gateway,
                    event.external_id,
                    event.order_number,
                    payment.pk,
                )
                return None
            return payment
    return None


def _mismatch(payment: Payment, event: GatewayEvent) -> str:
    """Return why the captured amount or currency differs from the payment's, or an empty string."""
    if event.amount is None or to_cents(event.amount) != to_cents(payment.amount):
        return f"Amount {event.amount} received, {payment.amount} expected."
    if event.currency.upper() != payment.currency.upper():
        return f"Currency {event.currency} received, {payment.currency} expected."
    return ""


def _succeeded(record: WebhookEvent, event: GatewayEvent, payment: Payment) -> Applied:
    if payment.status in CAPTURED_STATUSES:
        return Applied(Outcome.UNCHANGED, payment, "Already captured.")
    refused = _capture_record(record, event, payment)
    if refused is not None:
        return refused
    mismatch = _mismatch(payment, event)
    if mismatch:
        reason = mismatch + " The order was not marked paid."
        payment_flag(payment=payment, reason=reason, alert_subject="Payment amount mismatch")
        return Applied(Outcome.MISMATCH, payment, mismatch)
    return _order_pay(payment)


def _capture_record(record: WebhookEvent, event: GatewayEvent, payment: Payment) -> Applied | None:
    """Record the money captured and mark the payment captured; refuse a capture already recorded elsewhere."""
    capture_id = event.capture_reference or event.reference or event.external_id
    entry = transaction_add(
        payment=payment,
        kind=PaymentTransaction.Kind.CAPTURE,
        amount=event.amount if event.amount is not None else payment.amount,
        currency=event.currency,
        external_id=capture_id,
        event=record,
    )
    if entry is None:  # this gateway transaction already paid another payment: a replay
        reason = f"Capture {capture_id} is already recorded on another payment."
        payment_flag(payment=payment, reason=reason, alert_subject="Replayed capture")
        return Applied(Outcome.REJECTED, payment, reason)
    payment.status, payment.capture_reference = Payment.Status.CAPTURED, capture_id
    payment.save(update_fields=["status", "capture_reference", "updated_at"])
    transaction.on_commit(lambda: _postponed_replay(payment.pk))
    return None


def _order_pay(payment: Payment) -> Applied:
    """Mark the order paid; a payment of an order already paid or cancelled is flagged and refunded."""
    order = Order.objects.get(pk=payment.order_id)
    if order.status != Order.Status.PENDING_PAYMENT and order.status != Order.Status.CANCELLED:
        reason = f"Order {order.number} was already paid (“{order.get_status_display()}”): second payment."
        return _refund_due(payment, reason, Outcome.REFUND_DUE)
    try:
        order_mark_paid(order=order, payment_method=payment.gateway, note=f"Payment #{payment.pk} ({payment.gateway})")
    except Conflict as exc:
        return _refund_due(payment, f"{exc.message}", Outcome.REFUND_DUE)
    payment.settles_order = True
    payment.save(update_fields=["settles_order", "updated_at"])
    return Applied(Outcome.PROCESSED, payment, f"Order {order.number} paid.")


def _refund_due(payment: Payment, reason: str, outcome: str) -> Applied:
    """Flag a payment that must not count and refund it automatically once this transaction commits."""
    from ..tasks import payment_refund_automatic_task

    payment_flag(payment=payment, reason=reason + " Refunded automatically.", alert_subject="Payment to refund")
    transaction.on_commit(lambda: payment_refund_automatic_task.delay(payment.pk, reason))
    return Applied(outcome, payment, reason)


def _pending(record: WebhookEvent, event: GatewayEvent, payment: Payment) -> Applied:
    if payment.status not in (Payment.Status.CREATED, Payment.Status.FAILED):
        return Applied(Outcome.UNCHANGED, payment, f"Payment is {payment.status}.")
    payment.status = Payment.Status.PENDING
    if event.capture_reference:
        payment.capture_reference = event.capture_reference
    payment.save(update_fields=["status", "capture_reference", "updated_at"])
    return Applied(Outcome.PROCESSED, payment, "Awaiting the money.")


def _failed(record: WebhookEvent, event: GatewayEvent, payment: Payment) -> Applied:
    if payment.status not in (Payment.Status.CREATED, Payment.Status.PENDING):
        return Applied(Outcome.UNCHANGED, payment, f"Payment is {payment.status}.")
    payment.status, payment.failure_reason = Payment.Status.FAILED, (event.reason or event.type)[:255]
    payment.save(update_fields=["status", "failure_reason", "updated_at"])
    return Applied(Outcome.PROCESSED, payment, f"Failed: {payment.failure_reason}")


def _refunded(record: WebhookEvent, event: GatewayEvent, payment: Payment) -> Applied:
    if payment.status not in CAPTURED_STATUSES:
        return Applied(Outcome.POSTPONED, payment, "Refund notified before the capture: waits for it.")
    captured, refunded = payment_ledger_totals(payment=payment)
    if event.refunded_total is not None:  # cumulative (Stripe's amount_refunded)
        amount = event.refunded_total - refunded
        external_id = f"{event.transaction_id}:refunded:{to_cents(event.refunded_total)}"
    else:
        amount, external_id = event.amount or 0, event.transaction_id or event.external_id
    amount = min(amount, captured - refunded)
    if amount <= 0:
        return Applied(Outcome.UNCHANGED, payment, "Refund already recorded.")
    entry = transaction_add(
        payment=payment,
        kind=PaymentTransaction.Kind.REFUND,
        amount=amount,
        currency=event.currency,
        external_id=external_id,
        event=record,
        note="Notified by the gateway",
    )
    if entry is None:
        return Applied(Outcome.UNCHANGED, payment, "Refund already recorded.")
    payment_status_after_refund(payment=payment)
    order_refund_record(payment=payment, amount=amount, reason=f"Refund notified by {payment.gateway}")
    return Applied(Outcome.PROCESSED, payment, f"Refund of {amount} recorded.")


def _postponed_replay(payment_id: int) -> None:
    """Process the notifications of a payment that waited for its capture."""
    from .events import webhook_event_process

    waiting = WebhookEvent.objects.filter(payment_id=payment_id, outcome=Outcome.POSTPONED, processed_at=None)
    for event_id in waiting.order_by("received_at", "pk").values_list("pk", flat=True):
        webhook_event_process(event_id=event_id)
