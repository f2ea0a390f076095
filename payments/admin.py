"""Back office of payments: payments with their ledger, notifications with their payload, refunds.

Everything is read-only: money moves through the actions (refund, process
again), which call the services. The order admin gains a refund action here,
since orders may not import payments (STYLE.md: dependencies point down).
"""

import json

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from paypal.standard.ipn.admin import PayPalIPNAdmin
from paypal.standard.ipn.models import PayPalIPN

from orders.admin import OrderAdmin
from orders.models import Order
from webox.admin_csv import CsvExportMixin

from .admin_actions import refund_orders, refund_payments, reprocess_events
from .models import Payment, PaymentTransaction, WebhookEvent


class ReadOnlyMixin:
    """No adding, editing or deleting: these rows are records."""

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return obj is None and super().has_change_permission(request, obj)  # the list and its actions only

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class PaymentTransactionInline(ReadOnlyMixin, admin.TabularInline):
    model = PaymentTransaction
    fields = ["created_at", "kind", "amount", "currency", "external_id", "actor", "note", "event"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class WebhookEventInline(ReadOnlyMixin, admin.TabularInline):
    model = WebhookEvent
    fields = ["received_at", "event_type", "external_id", "outcome", "detail", "processed_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnlyMixin, CsvExportMixin, admin.ModelAdmin):
    list_display = ["id", "order_link", "gateway", "amount", "currency", "status", "needs_review", "created_at"]
    list_filter = ["gateway", "status", "needs_review", "created_at"]
    list_select_related = ["order"]
    search_fields = ["order__number", "order__email", "external_reference", "capture_reference"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "order_link", "gateway", "amount", "currency", "status", "needs_review", "review_note", "failure_reason",
        "external_reference", "capture_reference", "redirect_url", "idempotency_key", "created_at", "updated_at",
    ]  # fmt: skip
    fields = readonly_fields
    inlines = [PaymentTransactionInline, WebhookEventInline]
    actions = [refund_payments]
    csv_export_fields = [
        "id", ("order__number", _("order")), "order__email", "gateway", "amount", "currency", "status",
        "needs_review", "failure_reason", "external_reference", "capture_reference", "created_at", "updated_at",
    ]  # fmt: skip

    @admin.display(description=_("order"), ordering="order__number")
    def order_link(self, payment: Payment) -> str:
        url = reverse("admin:orders_order_change", args=[payment.order_id])
        return format_html('<a href="{}">{}</a>', url, payment.order.number)


@admin.register(WebhookEvent)
class WebhookEventAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["received_at", "gateway", "event_type", "external_id", "outcome", "payment", "processed_at"]
    list_filter = ["gateway", "outcome", "event_type", "received_at"]
    list_select_related = ["payment__order"]
    search_fields = ["external_id", "event_type", "payment__order__number"]
    date_hierarchy = "received_at"
    readonly_fields = [
        "gateway", "external_id", "event_type", "payment", "outcome", "detail", "received_at", "processed_at",
        "payload_pretty",
    ]  # fmt: skip
    fields = readonly_fields
    actions = [reprocess_events]

    @admin.display(description=_("payload"))
    def payload_pretty(self, event: WebhookEvent) -> str:
        return format_html("<pre>{}</pre>", json.dumps(event.payload, indent=2, ensure_ascii=False, sort_keys=True))


class PayPalIPNRecordAdmin(ReadOnlyMixin, PayPalIPNAdmin):
    """django-paypal's stored IPNs, read-only and without its "re-verify" action.

    That action posts back and re-sends the signals outside the payment
    services; a notification is processed again from its webhook event instead.
    """

    actions = []
    search_fields = ["txn_id", "invoice", "payer_email", "recurring_payment_id", "subscr_id"]

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class OrderPaymentsAdmin(OrderAdmin):
    """The orders' back office, with the refund through the gateway that only payments can make."""

    actions = [*OrderAdmin.actions, refund_orders]


admin.site.unregister(Order)
admin.site.register(Order, OrderPaymentsAdmin)
if admin.site.is_registered(PayPalIPN):
    admin.site.unregister(PayPalIPN)
admin.site.register(PayPalIPN, PayPalIPNRecordAdmin)
