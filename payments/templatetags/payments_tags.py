"""``{% order_payment order guest_token %}``: the payment choices of an order awaiting payment, and its status poll."""

from django import template

from ..gateways import gateways_enabled
from ..models import Payment
from ..selectors import payment_latest_for_order

register = template.Library()


@register.inclusion_tag("payments/includes/order_payment.html", takes_context=True)
def order_payment(context, order, guest_token: str = "") -> dict:
    """Render the "Pay" form (one choice per configured gateway) and, after an attempt, the live status."""
    payment = payment_latest_for_order(order=order)
    polling = payment is not None and payment.status in (Payment.Status.CREATED, Payment.Status.PENDING)
    return {
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "order": order,
        "guest_token": guest_token,
        "gateways": gateways_enabled(),
        "payment": payment,
        "polling": polling,
    }
