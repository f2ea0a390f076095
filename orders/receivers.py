"""Orders' part in personal data (RGPD): the export lists a customer's orders; deleting the account
keeps the orders for the accounts but takes the person out of them.

Invoices and credit notes are legal records kept for ten years: their frozen
content (``Invoice.data``, with the billing address) is not touched. The order
itself loses its link to the account, its addresses and its email address,
which becomes a keyed hash (provable with the server's secret, not readable).

The status signals (paid, shipped, delivered, cancelled, refunded) notify the
customer live through ``notifications.notify`` (no email: orders send their own).
"""

from typing import Any

from django.dispatch import receiver
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.services.privacy import email_hash
from accounts.signals import personal_data_requested, user_deleting
from notifications.services import notify
from orders.emails import ANONYMISED_EMAIL_DOMAIN
from orders.models import DownloadGrant, Order
from orders.signals import order_cancelled, order_delivered, order_paid, order_refunded, order_shipped

ORDER_EXPORT_FIELDS = (
    "number",
    "created_at",
    "status",
    "email",
    "language",
    "shipping_method",
    "shipping_address",
    "billing_address",
    "subtotal",
    "discount_total",
    "shipping_total",
    "vat_total",
    "total",
    "refunded_total",
    "currency",
    "promo_code_text",
    "payment_method",
    "carrier",
    "tracking_number",
    "paid_at",
    "shipped_at",
    "delivered_at",
    "cancelled_at",
)
LINE_EXPORT_FIELDS = ("product_name", "variant_label", "sku", "quantity", "unit_price", "vat_rate", "line_total")


def _order_export(order: Order) -> dict[str, Any]:
    data = {field: getattr(order, field) for field in ORDER_EXPORT_FIELDS}
    data["lines"] = [{field: getattr(line, field) for field in LINE_EXPORT_FIELDS} for line in order.lines.all()]
    data["invoices"] = [
        {"number": invoice.number, "kind": invoice.kind, "issued_at": invoice.issued_at, "total": invoice.total}
        for invoice in order.invoices.all()
    ]
    return data


@receiver(personal_data_requested, sender=User, dispatch_uid="orders.privacy.export")
def orders_personal_data(sender, user: User, **kwargs) -> dict[str, Any]:
    """Add the user's orders, with their lines, totals, addresses and documents, to their data export."""
    orders = Order.objects.filter(user=user).exclude(number=None).prefetch_related("lines", "invoices")
    return {"orders": [_order_export(order) for order in orders.order_by("created_at", "pk")]}


def anonymised_email(email: str) -> str:
    """Return the address an order keeps once its customer is gone: a keyed hash, not the address."""
    return f"deleted-{email_hash(email)[:24]}@{ANONYMISED_EMAIL_DOMAIN}"


@receiver(user_deleting, sender=User, dispatch_uid="orders.privacy.anonymise")
def orders_anonymise(sender, user: User, **kwargs) -> None:
    """Keep the user's orders for the accounts, without their account, addresses or email address.

    Their download links end too: without an account, a link would otherwise
    open for whoever holds it, as a guest's does.
    """
    DownloadGrant.objects.filter(line__order__user=user).update(expires_at=timezone.now())
    Order.objects.filter(user=user).update(
        user=None, email=anonymised_email(user.email), shipping_address={}, billing_address={}
    )


def _order_notify(order: Order, kind: str, title) -> None:
    """Notify the order's customer (on the site only: orders send their own emails); guests get nothing."""
    if order.user is None or not order.number:
        return
    with translation.override(order.user.preferred_language):
        notify(
            user=order.user,
            kind=kind,
            title=str(title) % {"number": order.number},
            url=order.get_absolute_url(),
            email=False,
        )


@receiver(order_paid, sender=Order, dispatch_uid="orders.notify.paid")
def order_paid_notify(sender, order: Order, **kwargs) -> None:
    _order_notify(order, "order_paid", _("Order %(number)s is paid"))


@receiver(order_shipped, sender=Order, dispatch_uid="orders.notify.shipped")
def order_shipped_notify(sender, order: Order, **kwargs) -> None:
    _order_notify(order, "order_shipped", _("Order %(number)s has shipped"))


@receiver(order_delivered, sender=Order, dispatch_uid="orders.notify.delivered")
def order_delivered_notify(sender, order: Order, **kwargs) -> None:
    _order_notify(order, "order_delivered", _("Order %(number)s is delivered"))


@receiver(order_cancelled, sender=Order, dispatch_uid="orders.notify.cancelled")
def order_cancelled_notify(sender, order: Order, **kwargs) -> None:
    _order_notify(order, "order_cancelled", _("Order %(number)s is cancelled"))


@receiver(order_refunded, sender=Order, dispatch_uid="orders.notify.refunded")
def order_refunded_notify(sender, order: Order, **kwargs) -> None:
    _order_notify(order, "order_refunded", _("A refund was issued for order %(number)s"))
