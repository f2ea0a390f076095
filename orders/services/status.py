"""The life of an order: one transition table, one service that moves an order along it, and the steps built on it.

Only ``order_transition`` writes ``Order.status``. It locks the row, checks
the move against ``TRANSITIONS``, stamps the matching date, records an
``OrderEvent`` (from, to, who, note) and sends the past-tense signal of
``orders.signals`` once the transaction has committed. The lifecycle services
below (paid, processing, shipped, delivered, cancelled, refunded, expired) add
what each step means: invoice, downloads, credits, stock, promo use, emails.
"""

from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from shop.models import Product
from shop.services.promotions import promo_release
from webox.common.errors import ApplicationError, Conflict
from webox.common.money import quantize

from .. import emails  # a module, not its function: orders.emails imports these services back
from ..errors import OrderErrorCode
from ..models import Order, OrderEvent
from ..signals import order_cancelled, order_delivered, order_paid, order_refunded, order_shipped
from .credits import credit_grants_create
from .downloads import downloads_grant
from .invoices import credit_note_issue, invoice_issue
from .stock import stock_release

Status = Order.Status

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.PENDING_PAYMENT: frozenset({Status.PAID, Status.CANCELLED}),
    Status.PAID: frozenset({Status.PROCESSING, Status.CANCELLED, Status.REFUNDED, Status.PARTIALLY_REFUNDED}),
    Status.PROCESSING: frozenset({Status.SHIPPED, Status.REFUNDED, Status.PARTIALLY_REFUNDED}),
    Status.SHIPPED: frozenset({Status.DELIVERED, Status.REFUNDED, Status.PARTIALLY_REFUNDED}),
    Status.DELIVERED: frozenset({Status.REFUNDED, Status.PARTIALLY_REFUNDED}),
    Status.PARTIALLY_REFUNDED: frozenset({Status.REFUNDED, Status.PARTIALLY_REFUNDED}),
    Status.CANCELLED: frozenset(),
    Status.REFUNDED: frozenset(),
}
CANCELLABLE = (Status.PENDING_PAYMENT, Status.PAID)
# An order in one of these was paid already: a second payment notice changes nothing.
PAID_OR_LATER = (
    Status.PAID,
    Status.PROCESSING,
    Status.SHIPPED,
    Status.DELIVERED,
    Status.PARTIALLY_REFUNDED,
    Status.REFUNDED,
)
_STAMPS = {
    Status.PAID: "paid_at",
    Status.SHIPPED: "shipped_at",
    Status.DELIVERED: "delivered_at",
    Status.CANCELLED: "cancelled_at",
}
_SIGNALS: dict[str, Signal] = {
    Status.PAID: order_paid,
    Status.SHIPPED: order_shipped,
    Status.DELIVERED: order_delivered,
    Status.CANCELLED: order_cancelled,
    Status.REFUNDED: order_refunded,
    Status.PARTIALLY_REFUNDED: order_refunded,
}


def order_signal_on_commit(signal: Signal, *, order_id: int, **kwargs) -> None:
    """Send ``signal`` with the order reloaded once the current transaction commits (never if it rolls back)."""

    def send() -> None:
        signal.send(sender=Order, order=Order.objects.select_related("user").get(pk=order_id), **kwargs)

    transaction.on_commit(send)


def order_can_transition(from_status: str, to_status: str) -> bool:
    """Say whether the table allows an order in ``from_status`` to move to ``to_status``."""
    return to_status in TRANSITIONS.get(from_status, frozenset())


def _label(status: str) -> str:
    return str(Status(status).label) if status in Status.values else status


def _actor(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _lock(order: Order) -> Order:
    return Order.objects.select_for_update().get(pk=order.pk)


def _mirror(order: Order, saved: Order) -> Order:
    """Copy the saved row's values onto the caller's instance (so it is not left stale) and return the saved one."""
    if order is not saved:
        for field in Order._meta.concrete_fields:
            setattr(order, field.attname, getattr(saved, field.attname))
    return saved


def _transition_check(order: Order, to_status: str) -> None:
    """Raise ``invalid_transition``, naming both statuses, when the table forbids the move."""
    if not order_can_transition(order.status, to_status):
        raise Conflict(
            _("Order %(number)s cannot go from “%(from)s” to “%(to)s”.")
            % {"number": order.number, "from": _label(order.status), "to": _label(to_status)},
            code=OrderErrorCode.INVALID_TRANSITION,
            extra={"from_status": order.status, "to_status": to_status},
        )


def order_transition(*, order: Order, to_status: str, actor=None, note: str = "", **fields) -> Order:
    """Move ``order`` to ``to_status`` (with ``fields`` saved alongside) if the table allows it; return it saved."""
    with transaction.atomic():
        locked = _lock(order)
        from_status = locked.status
        _transition_check(locked, to_status)
        signal_kwargs = _signal_kwargs(locked, from_status, to_status, fields)
        if to_status in _STAMPS:
            fields.setdefault(_STAMPS[to_status], timezone.now())
        for name, value in {"status": to_status, **fields}.items():
            setattr(locked, name, value)
        locked.save(update_fields=["status", "updated_at", *fields])
        OrderEvent.objects.create(
            order=locked, from_status=from_status, to_status=to_status, actor=_actor(actor), note=note
        )
        if to_status in _SIGNALS:
            order_signal_on_commit(_SIGNALS[to_status], order_id=locked.pk, **signal_kwargs)
    return _mirror(order, locked)


def _signal_kwargs(order: Order, from_status: str, to_status: str, fields: dict) -> dict:
    if to_status == Status.CANCELLED:
        return {"was_paid": from_status != Status.PENDING_PAYMENT}
    if to_status in (Status.REFUNDED, Status.PARTIALLY_REFUNDED):
        return {"amount": fields.get("refunded_total", order.refunded_total) - order.refunded_total}
    return {}


# ---------------------------------------------------------------------------
# Payment
# ---------------------------------------------------------------------------
def order_mark_paid(*, order: Order, payment_method: str = "", actor=None, note: str = "") -> Order:
    """Record the payment of ``order``: invoice, downloads, AI credits, units sold, "paid" email.

    Idempotent: an order already paid (or further along) is returned
    unchanged. A payment arriving for a cancelled order does not revive it:
    a note is added to its history and ``Conflict`` is raised (the payment
    must be refunded by the payments app).
    """
    late = False
    with transaction.atomic():
        locked = _lock(order)
        if locked.status in PAID_OR_LATER:
            return _mirror(order, locked)
        if locked.status == Status.CANCELLED:
            late = True
            OrderEvent.objects.create(order=locked, actor=_actor(actor), note=_late_payment_note(payment_method))
        else:
            locked = order_transition(
                order=locked, to_status=Status.PAID, actor=actor, note=note, payment_method=payment_method
            )
            _paid_effects(locked)
    if late:
        raise Conflict(
            _("Order %(number)s was cancelled before its payment arrived: the payment must be refunded.")
            % {"number": locked.number},
            code=OrderErrorCode.INVALID_TRANSITION,
            extra={"from_status": Status.CANCELLED, "to_status": Status.PAID, "refund_due": True},
        )
    return _mirror(order, locked)


def _late_payment_note(payment_method: str) -> str:
    method = f" ({payment_method})" if payment_method else ""
    return _("Payment received%(method)s after the order was cancelled: it must be refunded.") % {"method": method}


def _paid_effects(order: Order) -> None:
    """Do what a payment brings, inside the paying transaction: each step is idempotent."""
    invoice_issue(order=order)
    downloads_grant(order=order)
    credit_grants_create(order=order)
    _sales_count_add(order)
    emails.order_email_queue(order=order, kind="paid")


def _sales_count_add(order: Order) -> None:
    """Count the order's units in each product's ``sales_count``, products in a fixed order (no deadlock)."""
    sold: dict[int, int] = {}
    for product_id, quantity in order.lines.exclude(product=None).values_list("product_id", "quantity"):
        sold[product_id] = sold.get(product_id, 0) + quantity
    for product_id in sorted(sold):
        Product.objects.filter(pk=product_id).update(sales_count=F("sales_count") + sold[product_id])


# ---------------------------------------------------------------------------
# Fulfilment
# ---------------------------------------------------------------------------
def order_mark_processing(*, order: Order, actor=None, note: str = "") -> Order:
    """Start preparing a paid order."""
    return order_transition(order=order, to_status=Status.PROCESSING, actor=actor, note=note)


def order_ship(*, order: Order, carrier: str, tracking_number: str, actor=None, note: str = "") -> Order:
    """Mark an order in preparation as shipped with its carrier and tracking number, and email the customer."""
    carrier, tracking_number = (carrier or "").strip(), (tracking_number or "").strip()
    given = {"carrier": carrier, "tracking_number": tracking_number}
    missing = {name: [_("This field is required.")] for name, value in given.items() if not value}
    if missing:
        raise ApplicationError(_("Give the carrier and the tracking number."), extra={"fields": missing})
    with transaction.atomic():
        saved = order_transition(
            order=order,
            to_status=Status.SHIPPED,
            actor=actor,
            note=note,
            carrier=carrier[:60],
            tracking_number=tracking_number[:80],
        )
        emails.order_email_queue(order=saved, kind="shipped")
    return saved


def order_mark_delivered(*, order: Order, actor=None, note: str = "") -> Order:
    """Record the delivery of a shipped order and email the customer."""
    with transaction.atomic():
        saved = order_transition(order=order, to_status=Status.DELIVERED, actor=actor, note=note)
        emails.order_email_queue(order=saved, kind="delivered")
    return saved


# ---------------------------------------------------------------------------
# Cancellation, expiry, refund
# ---------------------------------------------------------------------------
def order_cancel(*, order: Order, actor=None, reason: str = "") -> Order:
    """Cancel an order before it ships (awaiting payment or paid): stock back, promo use back if unpaid, email.

    A paid order's refund is the payments app's job: ``order_cancelled``
    carries ``was_paid=True`` for it.
    """
    with transaction.atomic():
        locked = _lock(order)
        if locked.status not in CANCELLABLE:
            raise Conflict(
                _("Order %(number)s can no longer be cancelled: it is “%(status)s”.")
                % {"number": locked.number, "status": _label(locked.status)},
                code=OrderErrorCode.NOT_CANCELLABLE,
            )
        saved = _cancel(locked, actor=actor, note=reason)
    return _mirror(order, saved)


def _cancel(order: Order, *, actor, note: str) -> Order:
    """Cancel a locked, cancellable order (inside the caller's transaction)."""
    was_paid = order.status != Status.PENDING_PAYMENT
    saved = order_transition(order=order, to_status=Status.CANCELLED, actor=actor, note=note)
    stock_release(order=saved)
    if not was_paid:
        promo_release(order_number=saved.number)
    emails.order_email_queue(order=saved, kind="cancelled")
    return saved


def orders_expire_unpaid(*, now=None) -> int:
    """Cancel the orders still awaiting payment after ``ORDERS_PAYMENT_TIMEOUT_MINUTES``; return how many.

    Each order is handled in its own transaction, and an order whose row is
    locked (its payment is being recorded right now) is skipped until the next run.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.ORDERS_PAYMENT_TIMEOUT_MINUTES)
    stale = Order.objects.filter(status=Status.PENDING_PAYMENT, created_at__lt=cutoff).order_by("pk")
    return sum(_expire_one(order_id) for order_id in stale.values_list("pk", flat=True)[:1000])


def _expire_one(order_id: int) -> bool:
    with transaction.atomic():
        order = (
            Order.objects.select_for_update(skip_locked=True).filter(pk=order_id, status=Status.PENDING_PAYMENT).first()
        )
        if order is None:
            return False
        _cancel(order, actor=None, note=_("Not paid in time: cancelled automatically."))
    return True


def _amount_check(amount) -> Decimal:
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        value = Decimal("NaN")
    if not value.is_finite() or value <= 0 or value != quantize(value):
        raise ApplicationError(_("Give a positive amount in euros, to the cent."), code=OrderErrorCode.INVALID_AMOUNT)
    return value


def order_refund(*, order: Order, amount: Decimal, actor=None, reason: str = "") -> Order:
    """Refund ``amount`` of a paid order: credit note, status refunded (all of it) or partially refunded, email.

    A paid order that was then cancelled keeps its status: the refund (made by
    the payments app after ``order_cancelled``) is recorded with its credit note
    and a history entry.
    """
    amount = _amount_check(amount)
    with transaction.atomic():
        locked = _lock(order)
        cancelled_after_payment = locked.status == Status.CANCELLED and locked.paid_at is not None
        if not cancelled_after_payment:
            _transition_check(locked, Status.PARTIALLY_REFUNDED)  # refunds of either kind start from the same statuses
        left = locked.total - locked.refunded_total
        if amount > left:
            raise ApplicationError(
                _("At most %(left)s € can still be refunded on this order.") % {"left": left},
                code=OrderErrorCode.REFUND_TOO_LARGE,
            )
        refunded = locked.refunded_total + amount
        if cancelled_after_payment:
            saved = _refund_record_cancelled(locked, refunded=refunded, amount=amount, actor=actor, reason=reason)
        else:
            to_status = Status.REFUNDED if refunded == locked.total else Status.PARTIALLY_REFUNDED
            saved = order_transition(
                order=locked, to_status=to_status, actor=actor, note=reason, refunded_total=refunded
            )
        credit_note_issue(order=saved, amount=amount, reason=reason)
        emails.order_email_queue(order=saved, kind="refunded")
    return _mirror(order, saved)


def _refund_record_cancelled(order: Order, *, refunded: Decimal, amount: Decimal, actor, reason: str) -> Order:
    """Record a refund of a cancelled order (its status stays cancelled) and send ``order_refunded``."""
    order.refunded_total = refunded
    order.save(update_fields=["refunded_total", "updated_at"])
    note = _("Refund of %(amount)s € after cancellation.") % {"amount": amount}
    OrderEvent.objects.create(order=order, actor=_actor(actor), note=f"{note} {reason}".strip())
    order_signal_on_commit(order_refunded, order_id=order.pk, amount=amount)
    return order
