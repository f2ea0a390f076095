"""The customer's order pages: the list, an order (also for a guest with its signed link), cancel, re-order, invoice.

A customer only ever reaches their own orders; anything else is a 404, as if
the order did not exist.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from shop.cart_session import cart_from_request
from shop.pricing import vat_breakdown
from shop.services.cart import cart_add_line
from webox.common.errors import ApplicationError
from webox.common.ratelimits import ratelimit_tier

from .. import selectors
from ..invoice_pdf import invoice_pdf_render
from ..links import order_guest_token, order_guest_token_valid, order_guest_url
from ..models import Order, OrderLine
from ..services import CANCELLABLE, download_links, order_cancel

__all__ = ["order_guest_url"]  # orders.emails builds guests' links with it

ORDER_PAGE_SIZE = 10


def _guest_token(request: HttpRequest) -> str:
    return request.GET.get("t") or request.POST.get("t") or ""


def order_for_request(request: HttpRequest, number: str) -> Order:
    """Return the order ``number`` if this visitor owns it or holds its guest link; raise Http404 otherwise."""
    order = selectors.order_get_for_customer(user=request.user, number=number)
    if order is None and order_guest_token_valid(_guest_token(request), number=number):
        order = selectors.order_get_by_number(number=number)
    if order is None:
        raise Http404
    return order


def _is_owner(request: HttpRequest, order: Order) -> bool:
    return order.user_id is not None and order.user_id == request.user.pk


def order_page_url(request: HttpRequest, order: Order) -> str:
    """Return the order's page for this visitor: its signed guest link unless they own it through their account."""
    return order.get_absolute_url() if _is_owner(request, order) else order_guest_url(order)


@require_GET
@login_required
def order_list_view(request: HttpRequest) -> HttpResponse:
    """List the signed-in customer's orders, newest first."""
    page = Paginator(selectors.order_list_for_customer(user=request.user), ORDER_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "orders/order_list.html", {"orders": page.object_list, "page_obj": page})


def _timeline(order: Order) -> list[dict]:
    """Return the order's status changes, oldest first (notes without a status stay for staff)."""
    return [
        {
            "status": event.to_status,
            "label": Order.Status(event.to_status).label if event.from_status else _("Order placed"),
            "at": event.created_at,
        }
        for event in order.events.all()
        if event.to_status in Order.Status.values
    ]


@require_GET
def order_detail_view(request: HttpRequest, number: str) -> HttpResponse:
    """Show an order: status and its history, lines, amounts, addresses, tracking, invoice, downloads, actions."""
    order = order_for_request(request, number)
    lines = list(order.lines.all())
    has_digital = any(line.product_kind == "digital" for line in lines)
    context = {
        "order": order,
        "lines": lines,
        "timeline": _timeline(order),
        "vat_lines": vat_breakdown(lines, order.shipping_total),
        "invoice": selectors.order_invoice(order),
        "downloads": download_links(order) if has_digital else [],
        "can_cancel": order.status in CANCELLABLE,
        "guest_token": "" if _is_owner(request, order) else order_guest_token(order),
    }
    response = render(request, "orders/order_detail.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@ratelimit_tier("moderate")
def order_cancel_view(request: HttpRequest, number: str) -> HttpResponse:
    """Cancel the order (before it ships) and go back to its page with a message."""
    order = order_for_request(request, number)
    try:
        order_cancel(order=order, actor=request.user, reason=_("Cancelled by the customer."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Order %(number)s is cancelled.") % {"number": order.number})
    return redirect(order_page_url(request, order))


def _reorder_line(cart, line: OrderLine) -> str | None:
    """Add an order line's variant to the cart; return why it could not be, or None."""
    if line.variant_id is None:
        return _("%(name)s is no longer sold.") % {"name": line.product_name}
    try:
        cart_add_line(cart=cart, variant_id=line.variant_id, quantity=line.quantity)
    except ApplicationError as exc:
        return f"{line.product_name}: {exc.message}"
    return None


@require_POST
@ratelimit_tier("moderate")
def order_reorder_view(request: HttpRequest, number: str) -> HttpResponse:
    """Put the order's products back in the cart, saying which ones could not be."""
    order = order_for_request(request, number)
    cart = cart_from_request(request, create=True)
    lines = list(order.lines.all())
    refusals = [reason for reason in (_reorder_line(cart, line) for line in lines) if reason]
    added = len(lines) - len(refusals)
    if added:
        messages.success(request, _("The products of order %(number)s are in your cart.") % {"number": order.number})
    for reason in refusals:
        messages.warning(request, reason)
    return redirect("shop:cart")


@require_GET
def order_invoice_view(request: HttpRequest, number: str) -> HttpResponse:
    """Send the order's invoice as a PDF attachment (404 when there is none yet)."""
    invoice = selectors.order_invoice(order_for_request(request, number))
    if invoice is None:
        raise Http404
    response = HttpResponse(invoice_pdf_render(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{invoice.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
