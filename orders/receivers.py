"""Orders' part in personal data (RGPD): the export lists a customer's orders; deleting the account
keeps the orders for the accounts but takes the person out of them.

Invoices and credit notes are legal records kept for ten years: their frozen
content (``Invoice.data``, with the billing address) is not touched. The order
itself loses its link to the account, its addresses and its email address,
which becomes a keyed hash (provable with the server's secret, not readable).
"""

from typing import Any

from django.dispatch import receiver
from django.utils import timezone

from accounts.models import User
from accounts.services.privacy import email_hash
from accounts.signals import personal_data_requested, user_deleting
from orders.emails import ANONYMISED_EMAIL_DOMAIN
from orders.models import DownloadGrant, Order

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
