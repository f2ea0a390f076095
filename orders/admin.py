"""Back office of orders: orders (read-only snapshots moved along by actions), invoices, downloads, credits.

Nothing here writes an order directly: status changes go through the actions,
which call the order services; amounts, lines and addresses are snapshots
shown read-only. Invoices and credit notes are legal records: they can be
read and printed, never added, changed or deleted.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .admin_actions import (
    cancel,
    invoice_pdf_response,
    mark_delivered,
    mark_processing,
    mark_shipped,
    orders_csv_response,
    print_invoices,
)
from .models import CreditGrant, DownloadGrant, Invoice, Order, OrderEvent, OrderLine

ADDRESS_ORDER = ("full_name", "company", "line1", "line2", "postal_code", "city", "country", "phone")


class ReadOnlyMixin:
    """Shown, never added, changed or deleted from the back office."""

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


def _pdf_link(invoice: Invoice) -> str:
    url = reverse("admin:orders_invoice_pdf", args=[invoice.pk])
    return format_html('<a href="{}">{}</a>', url, _("Download PDF"))


class OrderLineInline(ReadOnlyMixin, admin.TabularInline):
    model = OrderLine
    extra = 0
    fields = ["product_name", "variant_label", "sku", "product_kind", "unit_price", "vat_rate", "quantity"]
    fields += ["line_total", "discount"]
    readonly_fields = fields


class InvoiceInline(ReadOnlyMixin, admin.TabularInline):
    model = Invoice
    extra = 0
    fields = ["number", "kind", "issued_at", "total", "pdf"]
    readonly_fields = fields

    @admin.display(description=_("PDF"))
    def pdf(self, invoice: Invoice) -> str:
        return _pdf_link(invoice) if invoice.pk else ""


class OrderEventInline(ReadOnlyMixin, admin.TabularInline):
    model = OrderEvent
    extra = 0
    fields = ["created_at", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[OrderEvent]:
        return super().get_queryset(request).select_related("actor")


def _address_html(address: dict) -> str:
    if not address:
        return "—"
    return format_html_join(mark_safe("<br>"), "{}", ((address[key],) for key in ADDRESS_ORDER if address.get(key)))


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["number", "created_at", "email", "status", "total", "payment_method", "paid_at"]
    list_filter = ["status", ("created_at", admin.DateFieldListFilter), "payment_method", "shipping_method"]
    search_fields = ["number", "email", "user__email", "tracking_number"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]
    list_per_page = 100
    raw_id_fields = ["user"]
    inlines = [OrderLineInline, InvoiceInline, OrderEventInline]
    actions = [mark_processing, mark_shipped, mark_delivered, cancel, print_invoices]
    fieldsets = [
        (None, {"fields": ["number", "status", "created_at", "updated_at", "user", "email", "language"]}),
        (
            _("Amounts (VAT incl.)"),
            {"fields": ["subtotal", "discount_total", "promo_code_text", "shipping_total", "total", "vat_total"]},
        ),
        (_("Payment"), {"fields": ["payment_method", "paid_at", "refunded_total", "cancelled_at"]}),
        (
            _("Delivery"),
            {"fields": ["shipping_method", "shipping", "billing", "carrier", "tracking_number"]},
        ),
        (_("Dates and emails"), {"fields": ["shipped_at", "delivered_at", "emails_sent"]}),
    ]
    readonly_fields = ["shipping", "billing", "emails_sent", "created_at", "updated_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # orders come from checkout

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # kept for the accounts; cancel instead

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        """Allow the actions (on the list) but show an order itself read-only: its status moves by actions."""
        return obj is None and super().has_change_permission(request)

    @admin.display(description=_("shipping address"))
    def shipping(self, order: Order) -> str:
        return _address_html(order.shipping_address)

    @admin.display(description=_("billing address"))
    def billing(self, order: Order) -> str:
        return _address_html(order.billing_address)

    def get_urls(self):
        export = path("export/", self.admin_site.admin_view(self.export_view), name="orders_order_export")
        return [export, *super().get_urls()]

    def export_view(self, request: HttpRequest) -> HttpResponse:
        """Stream the orders of the changelist, as filtered and searched, as CSV with a line of totals."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        orders = self.get_changelist_instance(request).get_queryset(request)
        return orders_csv_response(orders)


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["number", "kind", "order", "issued_at", "total", "pdf"]
    list_filter = ["kind", "year"]
    search_fields = ["number", "order__number", "order__email"]
    list_select_related = ["order"]
    date_hierarchy = "issued_at"
    fields = ["number", "kind", "order", "year", "sequence", "issued_at", "total", "pdf", "data"]
    readonly_fields = fields

    @admin.display(description=_("PDF"))
    def pdf(self, invoice: Invoice) -> str:
        return _pdf_link(invoice)

    def get_urls(self):
        pdf = path("<int:invoice_id>/pdf/", self.admin_site.admin_view(self.pdf_view), name="orders_invoice_pdf")
        return [pdf, *super().get_urls()]

    def pdf_view(self, request: HttpRequest, invoice_id: int) -> HttpResponse:
        """Send the PDF of an invoice or credit note (staff who may view invoices only)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        invoice = get_object_or_404(Invoice, pk=invoice_id)
        if not invoice.data:
            raise Http404
        return invoice_pdf_response(invoice)


@admin.register(CreditGrant)
class CreditGrantAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["pk", "order_number", "user", "credits", "created_at", "claimed_at"]
    list_filter = [("claimed_at", admin.EmptyFieldListFilter)]
    search_fields = ["line__order__number", "user__email"]
    list_select_related = ["line__order", "user"]
    date_hierarchy = "created_at"

    @admin.display(description=_("order"), ordering="line__order__number")
    def order_number(self, grant: CreditGrant) -> str:
        return grant.line.order.number or ""


@admin.register(DownloadGrant)
class DownloadGrantAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["product_name", "order_number", "download_count", "max_downloads", "expires_at"]
    list_display += ["last_downloaded_at"]
    search_fields = ["line__order__number", "line__order__email", "line__product_name"]
    list_select_related = ["line__order"]
    date_hierarchy = "expires_at"

    @admin.display(description=_("product"), ordering="line__product_name")
    def product_name(self, grant: DownloadGrant) -> str:
        return grant.line.product_name

    @admin.display(description=_("order"), ordering="line__order__number")
    def order_number(self, grant: DownloadGrant) -> str:
        return grant.line.order.number or ""
