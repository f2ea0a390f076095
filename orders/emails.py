"""Emails of orders (received, paid, shipped, delivered, cancelled, refunded) and the forgotten-cart reminder.

Each is HTML plus plain text, written in the customer's language. An order
email is queued after the commit of the change it announces and sent by a
Celery task at most once per kind (``Order.emails_sent`` remembers the kinds).
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from orders.invoice_pdf import money
from orders.links import order_guest_url
from orders.models import Invoice, Order
from orders.services.downloads import download_links

ORDER_EMAIL_KINDS = ("received", "paid", "shipped", "delivered", "cancelled", "refunded")
# Orders of deleted accounts keep an address at this reserved domain: nothing is sent there.
ANONYMISED_EMAIL_DOMAIN = "anonymised.invalid"


def absolute_url(path: str) -> str:
    """Return ``path`` on the public site (``settings.SITE_URL``); absolute URLs are returned unchanged."""
    return path if path.startswith(("http://", "https://")) else f"{settings.SITE_URL.rstrip('/')}{path}"


def order_page_url(order: Order) -> str:
    """Return the absolute URL of the order's page: its signed link for a guest order (no account)."""
    return absolute_url(order_guest_url(order) if order.user_id is None else order.get_absolute_url())


def _subject(kind: str, order: Order) -> str:
    subjects = {
        "received": _("Order %(number)s received"),
        "paid": _("Payment confirmed for order %(number)s"),
        "shipped": _("Order %(number)s has shipped"),
        "delivered": _("Order %(number)s delivered"),
        "cancelled": _("Order %(number)s cancelled"),
        "refunded": _("Order %(number)s refunded"),
    }
    return settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subjects[kind] % {"number": order.number}


def _line_rows(order: Order, language: str) -> list[dict]:
    return [
        {
            "name": line.product_name,
            "variant": line.variant_label,
            "quantity": line.quantity,
            "unit_price": money(line.unit_price, language),
            "total": money(line.line_total, language),
        }
        for line in order.lines.order_by("pk")
    ]


def _total_rows(order: Order, language: str) -> list[tuple[str, str]]:
    rows = [(_("Subtotal"), money(order.subtotal, language))]
    if order.discount_total > 0:
        rows.append((_("Discount"), money(-order.discount_total, language)))
    if not order.is_digital_only:
        rows.append((_("Shipping"), money(order.shipping_total, language)))
    rows.append((_("Total incl. VAT"), money(order.total, language)))
    rows.append((_("including VAT"), money(order.vat_total, language)))
    return rows


def _context(order: Order, kind: str, language: str) -> dict:
    context = {
        "order": order,
        "kind": kind,
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "name": (order.billing_address or {}).get("full_name") or (order.user.get_short_name() if order.user else ""),
        "order_url": order_page_url(order),
        "lines": _line_rows(order, language),
        "totals": _total_rows(order, language),
        "refunded": money(order.refunded_total, language),
    }
    if kind == "paid":
        context["has_invoice"] = Invoice.objects.filter(order=order, kind=Invoice.Kind.INVOICE).exists()
        context["downloads"] = [
            {
                "name": link.line.product_name,
                "url": absolute_url(link.url),
                "remaining": link.remaining,
                "until": link.expires_at,
            }
            for link in download_links(order)
            if not link.expired
        ]
    return context


def _message(*, subject: str, template: str, context: dict, to: str) -> EmailMultiAlternatives:
    text = render_to_string(f"orders/email/{template}.txt", context)
    html = render_to_string(f"orders/email/{template}.html", context)
    message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=text, to=[to])
    message.attach_alternative(html, "text/html")
    return message


def order_email_build(*, order: Order, kind: str) -> EmailMultiAlternatives:
    """Build the ``kind`` email of ``order`` in the order's language."""
    if kind not in ORDER_EMAIL_KINDS:
        raise ValueError(f"unknown order email: {kind}")
    language = order.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = _context(order, kind, language)
        return _message(subject=_subject(kind, order), template=kind, context=context, to=order.email)


def order_email_queue(*, order: Order, kind: str) -> None:
    """Send the ``kind`` email of ``order`` once the current transaction commits (by a Celery task)."""
    from orders.tasks import order_email_send_task  # the task calls back into this module

    if kind not in ORDER_EMAIL_KINDS:
        raise ValueError(f"unknown order email: {kind}")
    order_id = order.pk
    transaction.on_commit(lambda: order_email_send_task.delay(order_id, kind))


def order_email_send(*, order_id: int, kind: str) -> bool:
    """Send the ``kind`` email of an order unless it was already sent; return whether it was sent now.

    The order row stays locked while the message goes out, so two runs of the
    task (a retry, a redelivery) send it once; a failure to send rolls back and
    the task retries.
    """
    with transaction.atomic():
        order = Order.objects.select_for_update(of=("self",)).select_related("user").filter(pk=order_id).first()
        if order is None or kind in (order.emails_sent or []) or order.email.endswith(f"@{ANONYMISED_EMAIL_DOMAIN}"):
            return False
        order_email_build(order=order, kind=kind).send()
        order.emails_sent = [*(order.emails_sent or []), kind]
        order.save(update_fields=["emails_sent"])
    return True


def cart_reminder_email(*, cart, lines: list[dict]) -> EmailMultiAlternatives:
    """Build the reminder of a signed-in customer's forgotten cart, in their language."""
    user = cart.user
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "site_name": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
            "name": user.get_short_name(),
            "lines": [{**line, "unit_price": money(line["unit_price"], language)} for line in lines],
            "cart_url": absolute_url(reverse("shop:cart")),
            "preferences_url": absolute_url(reverse("accounts:notifications")),
        }
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + _("Your cart is waiting for you")
        return _message(subject=subject, template="cart_reminder", context=context, to=user.email)
