"""Reads of payments: ledger totals, the payments of an order, what reconciliation must look at."""

from datetime import datetime
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from .models import Payment, PaymentTransaction

ZERO = Decimal("0.00")
CAPTURED_STATUSES = (Payment.Status.CAPTURED, Payment.Status.PARTIALLY_REFUNDED, Payment.Status.REFUNDED)
OPEN_STATUSES = (Payment.Status.CREATED, Payment.Status.PENDING)


def payment_ledger_totals(*, payment: Payment) -> tuple[Decimal, Decimal]:
    """Return what the ledger says was captured and refunded on ``payment``."""
    Kind = PaymentTransaction.Kind
    totals = PaymentTransaction.objects.filter(payment=payment).aggregate(
        captured=Sum("amount", filter=Q(kind=Kind.CAPTURE)),
        refunded=Sum("amount", filter=Q(kind=Kind.REFUND)),
    )
    return totals["captured"] or ZERO, totals["refunded"] or ZERO


def payment_refundable(*, payment: Payment) -> Decimal:
    """Return how much of ``payment`` can still be refunded: captured minus refunded."""
    captured, refunded = payment_ledger_totals(payment=payment)
    return captured - refunded


def payments_for_order(*, order) -> QuerySet[Payment]:
    """Return the payments of ``order``, newest first."""
    return Payment.objects.filter(order=order).order_by("-created_at", "-pk")


def payments_captured_for_order(*, order) -> QuerySet[Payment]:
    """Return the payments of ``order`` that brought money, oldest first."""
    return Payment.objects.filter(order=order, status__in=CAPTURED_STATUSES).order_by("created_at", "pk")


def payment_latest_for_order(*, order) -> Payment | None:
    """Return the most recent payment of ``order`` (what its page shows), or None."""
    return payments_for_order(order=order).first()


def payment_references_open(*, gateway: str, since: datetime) -> list[str]:
    """Return the gateway references of payments started since ``since`` and not confirmed yet."""
    payments = Payment.objects.filter(gateway=gateway, status__in=OPEN_STATUSES, created_at__gte=since)
    return list(payments.exclude(external_reference="").values_list("external_reference", flat=True))
