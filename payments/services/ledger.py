"""Writes shared by notifications and refunds: ledger entries, payment flags, the order's side of a refund."""

import logging
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from orders.models import Order
from orders.services import order_refund
from webox.common.errors import ApplicationError

from ..alerts import staff_alert
from ..models import Payment, PaymentTransaction, WebhookEvent
from ..selectors import payment_ledger_totals

logger = logging.getLogger("webox.payments")


def transaction_add(
    *,
    payment: Payment,
    kind: str,
    amount: Decimal,
    currency: str,
    external_id: str,
    event: WebhookEvent | None = None,
    actor=None,
    note: str = "",
) -> PaymentTransaction | None:
    """Append an entry to the ledger; return None when this gateway transaction is already recorded.

    The unique (gateway, kind, external id) makes two deliveries racing each
    other record it once: the loser's insert fails inside its own savepoint.
    """
    try:
        with transaction.atomic():
            return PaymentTransaction.objects.create(
                payment=payment,
                gateway=payment.gateway,
                kind=kind,
                amount=amount,
                currency=currency or payment.currency,
                external_id=external_id[:255],
                event=event,
                actor=actor if getattr(actor, "is_authenticated", False) else None,
                note=note[:255],
            )
    except IntegrityError:
        return None


def payment_flag(*, payment: Payment, reason: str, alert_subject: str) -> None:
    """Mark ``payment`` for review with ``reason`` and alert staff."""
    note = f"{payment.review_note}\n{reason}".strip()
    payment.needs_review, payment.review_note = True, note
    payment.save(update_fields=["needs_review", "review_note", "updated_at"])
    staff_alert(
        subject=f"{alert_subject}: order {payment.order.number}",
        message=f"Payment #{payment.pk} ({payment.gateway}, {payment.amount} {payment.currency}) "
        f"of order {payment.order.number} needs review.\n{reason}",
    )


def payment_status_after_refund(*, payment: Payment) -> None:
    """Set ``payment`` to refunded or partially refunded from its ledger."""
    captured, refunded = payment_ledger_totals(payment=payment)
    status = Payment.Status.REFUNDED if refunded >= captured else Payment.Status.PARTIALLY_REFUNDED
    if payment.status != status:
        payment.status = status
        payment.save(update_fields=["status", "updated_at"])


def order_was_paid(order: Order) -> bool:
    """Say whether ``order`` was paid (whatever happened since, cancellation included)."""
    return order.status != Order.Status.PENDING_PAYMENT and order.paid_at is not None


def order_refund_record(*, payment: Payment, amount: Decimal, actor=None, reason: str = "") -> None:
    """Record a refund on the order (credit note, status, email) when the order was paid; flag it if refused.

    Only the payment that paid the order (``settles_order``) refunds the
    order (a paid order cancelled since keeps its status and gets its credit
    note); a late, second or mismatched payment stays in the payments ledger.
    """
    order = payment.order
    order.refresh_from_db(fields=["status", "total", "refunded_total", "paid_at"])
    if not payment.settles_order or not order_was_paid(order):
        return
    amount = min(amount, order.total - order.refunded_total)
    if amount <= 0:
        return
    try:
        order_refund(order=order, amount=amount, actor=actor, reason=reason or _("Refund through the payment gateway."))
    except ApplicationError as exc:
        logger.error("Refund of %s on order %s not recorded by orders: %s", amount, order.number, exc.message)
        payment_flag(
            payment=payment,
            reason=f"Orders refused to record the refund of {amount}: {exc.message}",
            alert_subject="Refund not recorded on the order",
        )
