"""Reads of orders that other code reuses: a customer's orders, and who bought or ordered what."""

from django.db.models import Prefetch, Q, QuerySet

from .models import Invoice, Order, OrderLine

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
    """Return ``user``'s orders, newest first, with their lines and invoices (a constant number of queries)."""
    return (
        Order.objects.filter(user=user)
        .exclude(number=None)
        .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.order_by("pk")), "invoices")
    )


def order_get_for_customer(*, user, number: str) -> Order | None:
    """Return ``user``'s order ``number`` with its lines, events and invoices, or None (never another's)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return _order_detail_queryset().filter(user=user, number=number).first()


def order_get_by_number(*, number: str) -> Order | None:
    """Return order ``number`` with its lines, events and invoices, whoever owns it (a guest's signed link)."""
    return _order_detail_queryset().filter(number=number).first()


def _order_detail_queryset() -> QuerySet[Order]:
    return Order.objects.prefetch_related(
        Prefetch("lines", queryset=OrderLine.objects.order_by("pk")), "events", "invoices"
    )


def order_invoice(order: Order) -> Invoice | None:
    """Return the invoice of ``order`` among its prefetched documents (credit notes aside), or None."""
    return next((document for document in order.invoices.all() if document.kind == Invoice.Kind.INVOICE), None)


def invoice_get_for_customer(*, user, order_number: str, invoice_number: str | None = None) -> Invoice | None:
    """Return the invoice of ``user``'s order ``order_number`` (or its document ``invoice_number``, credit
    notes included), or None: never a document of another customer's order."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    documents = Invoice.objects.filter(order__user=user, order__number=order_number).select_related("order")
    if invoice_number is not None:
        return documents.filter(number=invoice_number).first()
    return documents.filter(kind=Invoice.Kind.INVOICE).first()
