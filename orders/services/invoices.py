"""Invoices and credit notes: numbered without gaps per year, their content frozen when issued.

A number is taken from the ``DocumentSequence`` row of its kind and year, locked
with ``SELECT ... FOR UPDATE`` inside the caller's transaction: two payments
never get the same number, and a transaction that rolls back gives its number
back, so the series has no gap. ``Invoice.data`` holds everything the PDF
prints (amounts as strings), so editing the order or the catalogue later never
changes an issued document.
"""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from orders.errors import OrderErrorCode
from orders.models import DocumentSequence, Invoice, Order
from shop.pricing import ZERO, VatLine, vat_breakdown
from webox.common.errors import ApplicationError, Conflict
from webox.common.money import CENT, quantize, vat_included

# Orders that may be invoiced: paid, whatever happened after.
INVOICEABLE_STATUSES = (
    Order.Status.PAID,
    Order.Status.PROCESSING,
    Order.Status.SHIPPED,
    Order.Status.DELIVERED,
    Order.Status.REFUNDED,
    Order.Status.PARTIALLY_REFUNDED,
)


def document_number_allocate(*, kind: str, year: int) -> int:
    """Return the next number of ``kind`` in ``year``, locking its sequence row until the transaction ends."""
    DocumentSequence.objects.bulk_create([DocumentSequence(kind=kind, year=year)], ignore_conflicts=True)
    sequence = DocumentSequence.objects.select_for_update().get(kind=kind, year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return sequence.last_number


def _money(amount: Decimal) -> str:
    return str(quantize(amount))


def _vat_rows(vat_lines: Iterable[VatLine]) -> list[dict[str, str]]:
    return [
        {"rate": str(line.rate), "net": _money(line.net), "vat": _money(line.vat), "gross": _money(line.gross)}
        for line in vat_lines
    ]


def _line_row(line) -> dict[str, str | int]:
    net = line.line_total - vat_included(line.line_total, line.vat_rate)
    return {
        "name": line.product_name,
        "variant": line.variant_label,
        "sku": line.sku,
        "quantity": line.quantity,
        "unit_price": _money(line.unit_price),
        "vat_rate": str(line.vat_rate),
        "total": _money(line.line_total),
        "total_net": _money(net),
        "discount": _money(line.discount),
    }


def _customer(order: Order) -> dict[str, Any]:
    billing = dict(order.billing_address or order.shipping_address or {})
    name = billing.get("full_name") or (order.user.get_full_name() if order.user_id else "") or order.email
    return {"name": name, "email": order.email, "billing_address": billing}


def _header(order: Order, *, kind: str, number: str, issued_at) -> dict[str, Any]:
    """Return what every document of ``order`` starts with: who, when, which order."""
    return {
        "kind": str(kind),
        "number": number,
        "issued_at": issued_at.isoformat(),
        "issue_date": timezone.localdate(issued_at).isoformat(),
        "language": order.language or settings.LANGUAGE_CODE,
        "currency": order.currency,
        "seller": dict(settings.ORDERS_SELLER),
        "customer": _customer(order),
        "order": {
            "number": order.number,
            "date": timezone.localdate(order.created_at).isoformat(),
            "payment_method": order.payment_method,
            "paid_at": order.paid_at.isoformat() if order.paid_at else None,
        },
    }


def invoice_content(order: Order, *, number: str, issued_at) -> dict[str, Any]:
    """Return the frozen content of ``order``'s invoice: lines, discount, shipping, VAT per rate, totals."""
    lines = list(order.lines.order_by("pk"))
    vat_lines = vat_breakdown(lines, order.shipping_total)
    vat_total = sum((line.vat for line in vat_lines), ZERO)
    return {
        **_header(order, kind=Invoice.Kind.INVOICE, number=number, issued_at=issued_at),
        "lines": [_line_row(line) for line in lines],
        "subtotal": _money(order.subtotal),
        "discount": _money(order.discount_total),
        "promo_code": order.promo_code_text,
        "shipping_method": order.shipping_method,
        "shipping": _money(order.shipping_total),
        "vat": _vat_rows(vat_lines),
        "total_net": _money(order.total - vat_total),
        "total_vat": _money(vat_total),
        "total": _money(order.total),
    }


def _document_create(*, order: Order, kind: str, prefix: str, content, total: Decimal, **content_kwargs) -> Invoice:
    issued_at = timezone.now()
    year = timezone.localdate(issued_at).year
    sequence = document_number_allocate(kind=kind, year=year)
    number = f"{prefix}-{year}-{sequence:06d}"
    data = content(order, number=number, issued_at=issued_at, **content_kwargs)
    return Invoice.objects.create(
        order=order, kind=kind, number=number, year=year, sequence=sequence, issued_at=issued_at, total=total, data=data
    )


def invoice_issue(*, order: Order) -> Invoice:
    """Issue the invoice of a paid order, or return the one it already has.

    Call it inside the transaction that marks the order paid (after the status
    change): the order row is locked, so the number is taken once, and a
    rollback gives it back.
    """
    with transaction.atomic():
        locked = Order.objects.select_for_update(of=("self",)).select_related("user").get(pk=order.pk)
        existing = Invoice.objects.filter(order=locked, kind=Invoice.Kind.INVOICE).first()
        if existing is not None:
            return existing
        if locked.status not in INVOICEABLE_STATUSES:
            raise Conflict(_("Only a paid order has an invoice."), code=OrderErrorCode.NO_INVOICE)
        return _document_create(
            order=locked,
            kind=Invoice.Kind.INVOICE,
            prefix=settings.ORDERS_INVOICE_PREFIX,
            content=invoice_content,
            total=locked.total,
        )


def _vat_split(vat_rows: list[dict[str, str]], invoice_total: Decimal, amount: Decimal) -> list[VatLine]:
    """Split ``amount`` over the invoice's VAT rates in proportion to their gross, to the cent, summing exactly."""
    grosses = [Decimal(row["gross"]) for row in vat_rows]
    if invoice_total <= 0 or not grosses:
        return []
    shares = [(amount * gross / invoice_total).quantize(CENT, rounding="ROUND_DOWN") for gross in grosses]
    shares[grosses.index(max(grosses))] += amount - sum(shares, ZERO)
    result = []
    for row, share in zip(vat_rows, shares, strict=True):
        vat = vat_included(share, Decimal(row["rate"]))
        result.append(VatLine(rate=Decimal(row["rate"]), gross=share, net=share - vat, vat=vat))
    return result


def credit_note_content(order: Order, *, number: str, issued_at, invoice: Invoice, amount: Decimal, reason: str):
    """Return the frozen content of a credit note of ``amount`` against ``invoice``."""
    vat_lines = _vat_split(invoice.data.get("vat", []), invoice.total, amount)
    vat_total = sum((line.vat for line in vat_lines), ZERO)
    return {
        **_header(order, kind=Invoice.Kind.CREDIT_NOTE, number=number, issued_at=issued_at),
        "invoice_number": invoice.number,
        "invoice_date": invoice.data.get("issue_date", ""),
        "reason": reason,
        "amount": _money(amount),
        "vat": _vat_rows(vat_lines),
        "total_net": _money(amount - vat_total),
        "total_vat": _money(vat_total),
        "total": _money(amount),
    }


def _credited_total(order: Order) -> Decimal:
    total = Invoice.objects.filter(order=order, kind=Invoice.Kind.CREDIT_NOTE).aggregate(total=Sum("total"))["total"]
    return total or ZERO


def credit_note_issue(*, order: Order, amount: Decimal, reason: str = "") -> Invoice:
    """Issue a credit note (avoir) of ``amount`` euros, VAT included, against the order's invoice.

    Its VAT is split over the invoice's rates in proportion; the credit notes of
    an order never add up to more than its invoice.
    """
    amount = quantize(Decimal(amount))
    if amount <= 0:
        raise ApplicationError(_("The amount must be greater than zero."), code=OrderErrorCode.INVALID_AMOUNT)
    with transaction.atomic():
        locked = Order.objects.select_for_update(of=("self",)).select_related("user").get(pk=order.pk)
        invoice = Invoice.objects.filter(order=locked, kind=Invoice.Kind.INVOICE).first()
        if invoice is None:
            raise Conflict(_("This order has no invoice to credit."), code=OrderErrorCode.NO_INVOICE)
        if amount > invoice.total - _credited_total(locked):
            raise ApplicationError(
                _("A credit note cannot exceed what is left of the invoice."), code=OrderErrorCode.REFUND_TOO_LARGE
            )
        return _document_create(
            order=locked,
            kind=Invoice.Kind.CREDIT_NOTE,
            prefix=settings.ORDERS_CREDIT_NOTE_PREFIX,
            content=credit_note_content,
            total=amount,
            invoice=invoice,
            amount=amount,
            reason=reason,
        )
