"""Payment pages: "Pay" from the order page, the PayPal form, the sandbox page, return/cancel pages and the status poll.

None of these pages marks an order paid: only a verified notification does.
A visitor reaches a payment when they own its order, hold the order's guest
link, or started that payment in this session.
"""

from csp.decorators import csp_update
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from paypal.standard.forms import PayPalPaymentsForm

from orders.links import order_guest_token_valid, order_guest_url
from orders.models import Order
from orders.selectors import order_get_by_number, order_get_for_customer
from webox.common.errors import ApplicationError
from webox.common.ratelimits import ratelimit_tier

from .errors import NotificationInvalid
from .gateways.paypal import PayPalGateway
from .gateways.sandbox import SandboxGateway
from .models import Payment
from .services import gateway_for, payment_request_build, payment_start, webhook_handle

SESSION_KEY = "payments_started"
PAYPAL_FORM_ACTIONS = ["https://www.paypal.com", "https://www.sandbox.paypal.com"]


def _token(request: HttpRequest) -> str:
    return request.GET.get("t") or request.POST.get("t") or ""


def _owns(request: HttpRequest, order: Order) -> bool:
    return request.user.is_authenticated and order.user_id == request.user.pk


def order_for_request(request: HttpRequest, number: str) -> Order:
    """Return order ``number`` if this visitor owns it or holds its guest link; raise Http404 otherwise."""
    order = order_get_for_customer(user=request.user, number=number)
    if order is None and order_guest_token_valid(_token(request), number=number):
        order = order_get_by_number(number=number)
    if order is None:
        raise Http404
    return order


def payment_for_request(request: HttpRequest, payment_id: int) -> Payment:
    """Return payment ``payment_id`` if this visitor may see it; raise Http404 otherwise."""
    payment = Payment.objects.select_related("order").filter(pk=payment_id).first()
    if payment is None:
        raise Http404
    order = payment.order
    started_here = payment.pk in request.session.get(SESSION_KEY, [])
    if not (_owns(request, order) or started_here or order_guest_token_valid(_token(request), number=order.number)):
        raise Http404
    return payment


def order_page_url(request: HttpRequest, order: Order) -> str:
    """Return the order's page for this visitor (its signed guest link unless they own it)."""
    return order.get_absolute_url() if _owns(request, order) else order_guest_url(order)


def _remember(request: HttpRequest, payment: Payment) -> None:
    started = [pk for pk in request.session.get(SESSION_KEY, []) if pk != payment.pk][-19:]
    request.session[SESSION_KEY] = [*started, payment.pk]


@require_POST
@ratelimit_tier("moderate")
def payment_start_view(request: HttpRequest, number: str) -> HttpResponse:
    """Start paying the order with the chosen gateway and send the customer to its page."""
    order = order_for_request(request, number)
    try:
        payment = payment_start(order=order, gateway=request.POST.get("gateway", ""), language=request.LANGUAGE_CODE)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(order_page_url(request, order))
    _remember(request, payment)
    return redirect(payment.redirect_url)


def _status_context(request: HttpRequest, payment: Payment) -> dict:
    order = payment.order
    paid = order.status not in (Order.Status.PENDING_PAYMENT, Order.Status.CANCELLED)
    return {
        "payment": payment,
        "order": order,
        "paid": paid,
        "final": paid or payment.is_final or order.status == Order.Status.CANCELLED,
        "order_url": order_page_url(request, order),
        "token": _token(request),
        "reload": bool(request.GET.get("reload")),
    }


@require_GET
def payment_return_view(request: HttpRequest, payment_id: int) -> HttpResponse:
    """Where the gateway sends the customer back: shows the status (polled) and never marks anything paid."""
    payment = payment_for_request(request, payment_id)
    return render(request, "payments/return.html", _status_context(request, payment))


@require_GET
def payment_cancel_view(request: HttpRequest, payment_id: int) -> HttpResponse:
    """Where the gateway sends a customer who gave up: the order waits for payment, they may try again."""
    payment = payment_for_request(request, payment_id)
    return render(request, "payments/cancel.html", _status_context(request, payment))


@require_GET
def payment_status_view(request: HttpRequest, payment_id: int) -> HttpResponse:
    """The payment's status as JSON, or as a fragment for htmx that stops polling once it is final."""
    context = _status_context(request, payment_for_request(request, payment_id))
    if request.headers.get("HX-Request") == "true":
        response = render(request, "payments/includes/status.html", context)
        if context["final"] and request.GET.get("reload"):
            response["HX-Refresh"] = "true"
        return response
    payment, order = context["payment"], context["order"]
    body = {"id": payment.pk, "status": payment.status, "order_status": order.status}
    return JsonResponse({**body, "paid": context["paid"], "final": context["final"]})


@require_GET
@csp_update({"form-action": PAYPAL_FORM_ACTIONS})
def paypal_form_view(request: HttpRequest, payment_id: int) -> HttpResponse:
    """Django-paypal's Payments Standard form for this payment, sent on to PayPal (by script, or a button)."""
    payment = payment_for_request(request, payment_id)
    gateway = gateway_for(payment)
    if not isinstance(gateway, PayPalGateway) or payment.status != Payment.Status.CREATED:
        raise Http404
    initial = gateway.form_initial(payment_request_build(payment=payment, language=request.LANGUAGE_CODE))
    form = PayPalPaymentsForm(initial=initial)
    return render(request, "payments/paypal.html", {"form": form, "payment": payment, "action": form.get_login_url()})


@require_http_methods(["GET", "POST"])
def sandbox_page_view(request: HttpRequest, payment_id: int) -> HttpResponse:
    """The sandbox's "Paiement de test" page: approve or decline, sent as a signed notification."""
    payment = payment_for_request(request, payment_id)
    gateway = gateway_for(payment)
    if not isinstance(gateway, SandboxGateway):
        raise Http404
    if request.method == "POST" and not payment.is_final:
        approved = request.POST.get("decision") == "approve"
        body, signature = gateway.notification_sign(gateway.notification_make(payment=payment, approved=approved))
        try:
            webhook_handle(gateway=payment.gateway, body=body, signature=signature)
        except NotificationInvalid as exc:  # cannot happen with the key this process signs with
            raise Http404 from exc
        return redirect("payments:return" if approved else "payments:cancel", payment.pk)
    if request.method == "POST":
        messages.info(request, _("This test payment is already settled."))
        return redirect("payments:return", payment.pk)
    return render(request, "payments/sandbox.html", {"payment": payment, "order": payment.order})
