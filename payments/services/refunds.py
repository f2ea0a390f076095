"""Refunds: through the gateway's API first (with an idempotency key), then recorded in the ledger and on the order.

The payment row stays locked from the check to the record, so a refund
notification arriving meanwhile (Stripe's ``charge.refunded`` for this very
refund) waits and then finds it recorded. Never more than captured minus
already refunded, by the ledger; orders checks its own total again.
"""

import logging
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from orders.models import Order
from orders.services import order_can_transition
from webox.common.errors import ApplicationError, Conflict, ProviderUnavailable
from webox.common.money import quantize, to_cents

from ..alerts import staff_alert
from ..errors import GatewayError, PaymentErrorCode, RefundNotSupported
from ..gateways import RefundRequest, RefundResult
from ..models import Payment, PaymentTransaction
from ..selectors import payment_ledger_totals, payment_refundable, payments_captured_for_order
from .ledger import order_refund_record, order_was_paid, payment_status_after_refund, transaction_add
from .start import gateway_for

logger = logging.getLogger("webox.payments")


def refund_amount_check(amount) -> Decimal:
    """Return ``amount`` as euros to the cent; raise ``invalid_amount`` unless it is positive."""
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        value = Decimal("NaN")
    if not value.is_finite() or value <= 0 or value != quantize(value):
        raise ApplicationError(_("Give a positive amount in euros, to the cent."), code=PaymentErrorCode.INVALID_AMOUNT)
    return value


def payment_refund(*, payment: Payment, amount, actor=None, reason: str = "") -> PaymentTransaction:
    """Refund ``amount`` of ``payment`` through its gateway, then record it (ledger, order, credit note, email)."""
    amount = refund_amount_check(amount)
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        _limit_check(payment, amount)
        result = _gateway_refund(payment, amount, reason)
        entry = transaction_add(
            payment=payment,
            kind=PaymentTransaction.Kind.REFUND,
            amount=result.amount,
            currency=payment.currency,
            external_id=result.external_id,
            actor=actor,
            note=reason or _("Refund"),
        )
        if entry is None:  # the same idempotency key gave back a refund already recorded
            return PaymentTransaction.objects.get(
                gateway=payment.gateway, kind="refund", external_id=result.external_id
            )
        payment_status_after_refund(payment=payment)
        order_refund_record(payment=payment, amount=result.amount, actor=actor, reason=reason)
    logger.info("Refunded %s on payment %s (order %s)", result.amount, payment.pk, payment.order.number)
    return entry


def _limit_check(payment: Payment, amount: Decimal) -> None:
    """Refuse more than the payment's captured minus refunded, and more than the order still owes back."""
    left = payment_refundable(payment=payment)
    order = Order.objects.get(pk=payment.order_id)
    if payment.settles_order and order_was_paid(order):
        if order.status != Order.Status.CANCELLED and not order_can_transition(
            order.status, Order.Status.PARTIALLY_REFUNDED
        ):
            raise Conflict(
                _("Order %(number)s cannot be refunded while it is “%(status)s”.")
                % {"number": order.number, "status": order.get_status_display()},
                code=PaymentErrorCode.NOT_REFUNDABLE,
            )
        left = min(left, order.total - order.refunded_total)
    if amount > left:
        raise Conflict(
            _("At most %(left)s € can be refunded on this payment.") % {"left": left},
            code=PaymentErrorCode.REFUND_TOO_LARGE,
            extra={"fields": {"amount": [_("At most %(left)s €.") % {"left": left}]}},
        )


def _gateway_refund(payment: Payment, amount: Decimal, reason: str) -> RefundResult:
    """Call the gateway; a failure alerts staff and raises ``refund_failed`` or ``refund_not_supported``."""
    count = payment.transactions.filter(kind=PaymentTransaction.Kind.REFUND).count()
    request = RefundRequest(
        payment_id=payment.pk,
        order_number=payment.order.number,
        capture_reference=payment.capture_reference,
        amount=amount,
        currency=payment.currency,
        idempotency_key=f"{payment.idempotency_key}-refund-{count + 1}-{to_cents(amount)}",
        reason=reason,
    )
    try:
        return gateway_for(payment).refund(request)
    except GatewayError as exc:
        staff_alert(
            subject=f"Refund failed: order {payment.order.number}",
            message=f"Refund of {amount} {payment.currency} on payment #{payment.pk} ({payment.gateway}) failed: {exc}",
        )
        code = (
            PaymentErrorCode.REFUND_NOT_SUPPORTED
            if isinstance(exc, RefundNotSupported)
            else PaymentErrorCode.REFUND_FAILED
        )
        message = (
            _("This payment method cannot refund automatically: refund from the gateway's dashboard.")
            if isinstance(exc, RefundNotSupported)
            else _("The payment gateway did not make the refund. Staff have been told; try again later.")
        )
        raise ProviderUnavailable(message, code=code) from exc


def order_payments_refund(*, order: Order, amount, actor=None, reason: str = "") -> list[PaymentTransaction]:
    """Refund ``amount`` of ``order`` through the payment(s) that paid it, the latest first.

    A payment that did not pay the order (late, second, mismatched) is refunded on its own, from the payments admin.
    """
    amount = refund_amount_check(amount)
    payments = [payment for payment in payments_captured_for_order(order=order) if payment.settles_order][::-1]
    available = sum((payment_refundable(payment=payment) for payment in payments), Decimal("0"))
    if not payments or amount > available:
        raise Conflict(
            _("At most %(left)s € was captured and not refunded on this order.") % {"left": quantize(available)},
            code=PaymentErrorCode.REFUND_TOO_LARGE,
        )
    entries = []
    for payment in payments:
        share = min(amount, payment_refundable(payment=payment))
        if share > 0:
            entries.append(payment_refund(payment=payment, amount=share, actor=actor, reason=reason))
            amount -= share
    return entries


def payment_refund_remaining(*, payment: Payment, reason: str) -> PaymentTransaction | None:
    """Refund whatever is left of ``payment`` (cancelled order, late or second payment); None when nothing is."""
    captured, refunded = payment_ledger_totals(payment=payment)
    if captured - refunded <= 0:
        return None
    return payment_refund(payment=payment, amount=captured - refunded, reason=reason)


def order_cancelled_refund(*, order: Order) -> list[PaymentTransaction]:
    """Refund every payment that captured money on ``order`` (it was cancelled after being paid)."""
    entries = []
    for payment in payments_captured_for_order(order=order):
        try:
            entry = payment_refund_remaining(payment=payment, reason=_("Order cancelled."))
        except ApplicationError as exc:  # staff were alerted by payment_refund
            logger.error("Refund of cancelled order %s, payment %s failed: %s", order.number, payment.pk, exc.message)
            continue
        if entry is not None:
            entries.append(entry)
    return entries
