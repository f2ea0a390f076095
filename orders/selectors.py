"""Reads of orders that other code reuses: a customer's orders, and who bought or ordered what."""

from django.db.models import Prefetch, Q, QuerySet

from .models import Order, OrderLine

# Statuses of an order that was paid (whatever happened after).
PAID_STATUSES = (
    Order.Status.PAID,
    Order.Status.PROCESSING,
    Order.Status.SHIPPED,
    Order.Status.DELIVERED,
    Order.Status.PARTIALLY_REFUNDED,
)


def customer_has_bought(*, user, product) -> bool:
    """Return whether ``user`` has a paid order containing ``product`` (shop asks before accepting a review)."""
    return OrderLine.objects.filter(order__user=user, order__status__in=PAID_STATUSES, product=product).exists()


def customer_has_ordered(*, user, email: str) -> bool:
    """Return whether this customer already has a paid order (shop asks for first-order promo codes)."""
    who = Q(email__iexact=email) if email else Q(pk__in=[])
    if user is not None:
        who |= Q(user=user)
    return Order.objects.filter(who, status__in=(*PAID_STATUSES, Order.Status.REFUNDED)).exists()


def order_list_for_customer(*, user) -> QuerySet[Order]:
    """Return ``user``'s orders, newest first, with their lines."""
    return (
        Order.objects.filter(user=user)
        .exclude(number=None)
        .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.order_by("pk")))
    )


def order_get_for_customer(*, user, number: str) -> Order | None:
    """Return ``user``'s order ``number`` with its lines, events and invoices, or None (never another's)."""
    return Order.objects.filter(user=user, number=number).prefetch_related("lines", "events", "invoices").first()
