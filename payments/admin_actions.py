"""Back-office actions of payments: refund (a payment, or an order through its payments) and reprocess a notification.

A refund asks for the amount first (partial allowed, at most what was captured
and not refunded yet) on an intermediate page, then calls the refund service
for each row; a refusal is a message naming the row, never an error page.
"""

from collections.abc import Callable
from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from orders.models import Order
from webox.common.errors import ApplicationError

from .models import Payment, WebhookEvent
from .selectors import payment_refundable, payments_captured_for_order
from .services import order_payments_refund, payment_refund, webhook_event_process

REFUND_PAGE_LIMIT = 50


class RefundForm(forms.Form):
    """The amount to refund on one row (euros, VAT incl.) and why."""

    pk = forms.IntegerField(widget=forms.HiddenInput)
    amount = forms.DecimalField(label=gettext_lazy("Amount (€)"), min_value=Decimal("0.01"), decimal_places=2)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200, required=False)


RefundFormSet = forms.formset_factory(RefundForm, extra=0)


def _order_refundable(order: Order) -> Decimal:
    settling = [payment for payment in payments_captured_for_order(order=order) if payment.settles_order]
    available = sum((payment_refundable(payment=payment) for payment in settling), Decimal("0"))
    return min(available, order.total - order.refunded_total)


def _refund_page(modeladmin, request, rows, formset, action: str) -> TemplateResponse:
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Refund"),
        "opts": modeladmin.model._meta,
        "rows": list(zip(formset.forms, rows, strict=True)),
        "formset": formset,
        "action": action,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
    }
    return TemplateResponse(request, "admin/payments/refund.html", context)


def _refund_rows(modeladmin, request, objects: dict, refundable, refund: Callable, action: str):
    """Show the amounts page, or on ``apply`` refund each row with its amount and report per row."""
    if "apply" in request.POST:
        formset = RefundFormSet(request.POST, prefix="refund")
        if formset.is_valid():
            for data in formset.cleaned_data:
                obj = objects.get(data["pk"])
                if obj is None:
                    continue
                try:
                    refund(obj, data["amount"], data["reason"])
                except ApplicationError as exc:
                    modeladmin.message_user(request, f"{obj}: {exc.message}", messages.ERROR)
                else:
                    modeladmin.message_user(
                        request,
                        _("%(object)s: %(amount)s € refunded.") % {"object": obj, "amount": data["amount"]},
                        messages.SUCCESS,
                    )
            return None
    else:
        initial = [{"pk": pk, "amount": refundable(obj)} for pk, obj in objects.items()]
        formset = RefundFormSet(prefix="refund", initial=initial)
    rows = [{"object": obj, "refundable": refundable(obj)} for obj in objects.values()]
    return _refund_page(modeladmin, request, rows, formset, action)


@admin.action(description=gettext_lazy("Refund (choose the amount)"), permissions=["change"])
def refund_payments(modeladmin, request: HttpRequest, queryset: QuerySet[Payment]) -> HttpResponse | None:
    """Refund the selected payments through their gateways (partial amounts allowed)."""
    objects = {p.pk: p for p in queryset.select_related("order").order_by("pk")[:REFUND_PAGE_LIMIT]}
    return _refund_rows(
        modeladmin,
        request,
        objects,
        lambda payment: payment_refundable(payment=payment),
        lambda payment, amount, reason: payment_refund(
            payment=payment, amount=amount, actor=request.user, reason=reason
        ),
        "refund_payments",
    )


@admin.action(
    description=gettext_lazy("Refund through the payment gateway (choose the amount)"), permissions=["change"]
)
def refund_orders(modeladmin, request: HttpRequest, queryset: QuerySet[Order]) -> HttpResponse | None:
    """Refund the selected orders through the payments that captured them (partial amounts allowed)."""
    objects = {o.pk: o for o in queryset.order_by("pk")[:REFUND_PAGE_LIMIT]}
    return _refund_rows(
        modeladmin,
        request,
        objects,
        _order_refundable,
        lambda order, amount, reason: order_payments_refund(
            order=order, amount=amount, actor=request.user, reason=reason
        ),
        "refund_orders",
    )


@admin.action(description=gettext_lazy("Process again"), permissions=["change"])
def reprocess_events(modeladmin, request: HttpRequest, queryset: QuerySet[WebhookEvent]) -> None:
    """Run the selected notifications through processing again (safe: nothing is recorded twice)."""
    for event_id in queryset.order_by("received_at", "pk").values_list("pk", flat=True):
        try:
            event = webhook_event_process(event_id=event_id, again=True)
        except ApplicationError as exc:
            modeladmin.message_user(request, f"#{event_id}: {exc.message}", messages.ERROR)
        else:
            modeladmin.message_user(request, f"{event.external_id}: {event.get_outcome_display()}", messages.INFO)
