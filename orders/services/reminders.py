"""Forgotten carts: one reminder email to a signed-in customer whose cart waited a day without an order.

A cart qualifies when it belongs to an active user, has lines, was last
changed more than ``settings.ORDERS_CART_REMINDER_HOURS`` ago, has had no
reminder since that change (the cart services clear ``reminder_sent_at`` on
every change) and its owner placed no order since, and the owner did not turn
the ``cart_reminder`` email off. Each cart is claimed with a conditional
``UPDATE`` before its email goes out, so two workers never remind twice; a
failed send gives the claim back for the next run.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from accounts.preferences import notification_preference
from orders.emails import cart_reminder_email
from orders.models import Order
from shop.models import Cart, CartLine

logger = logging.getLogger(__name__)


def carts_to_remind(*, now: datetime) -> QuerySet[Cart]:
    """Return the carts due a reminder at ``now`` (preferences aside), with their owners."""
    cutoff = now - timedelta(hours=settings.ORDERS_CART_REMINDER_HOURS)
    ordered_since = Order.objects.filter(user=OuterRef("user"), created_at__gte=OuterRef("updated_at"))
    return (
        Cart.objects.filter(
            user__isnull=False, user__is_active=True, reminder_sent_at__isnull=True, updated_at__lt=cutoff
        )
        .filter(Exists(CartLine.objects.filter(cart=OuterRef("pk"))))
        .exclude(Exists(ordered_since))
        .select_related("user")
        .order_by("pk")
    )


def _cart_lines(cart: Cart) -> list[dict]:
    lines = CartLine.objects.filter(cart=cart).select_related("variant__product").order_by("created_at", "pk")
    return [
        {
            "name": line.variant.product.name,
            "variant": line.variant.options_label,
            "quantity": line.quantity,
            "unit_price": line.variant.price,
        }
        for line in lines
    ]


def cart_reminder_send(*, cart: Cart, now: datetime) -> bool:
    """Claim the cart's reminder, then email it; return whether this call sent it."""
    claimed = Cart.objects.filter(pk=cart.pk, reminder_sent_at__isnull=True, updated_at=cart.updated_at).update(
        reminder_sent_at=now
    )
    if not claimed:
        return False  # another worker took it, or the cart changed meanwhile
    try:
        cart_reminder_email(cart=cart, lines=_cart_lines(cart)).send()
    except Exception:
        Cart.objects.filter(pk=cart.pk, reminder_sent_at=now).update(reminder_sent_at=None)
        logger.exception("cart reminder of cart %s not sent", cart.pk)
        return False
    return True


def cart_reminders_send(*, now: datetime | None = None) -> int:
    """Send every reminder due at ``now`` to customers who accept them; return how many went out."""
    now = now or timezone.now()
    sent = 0
    for cart in carts_to_remind(now=now).iterator(chunk_size=200):
        if notification_preference(cart.user, "cart_reminder")["email"] and cart_reminder_send(cart=cart, now=now):
            sent += 1
    return sent
