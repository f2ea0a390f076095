"""Back-office actions on orders, used by orders/admin.py: each goes through the order services.

An order that cannot take a step (a forbidden transition) gives a message
naming it, never an error page; the others go ahead.
"""

import zipfile
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import Decimal
from io import BytesIO

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from orders.invoice_pdf import invoice_pdf_filename, invoice_pdf_render
from orders.models import Invoice, Order
from orders.services import order_cancel, order_mark_delivered, order_mark_processing, order_ship
from webox.admin_csv import csv_streaming_response
from webox.common.errors import ApplicationError

SHIP_PAGE_LIMIT = 100


def _apply(modeladmin, request: HttpRequest, orders: Iterable[Order], step: Callable[[Order], Order], done: str):
    """Run ``step`` on each order; report the orders done in one message and each refusal in its own."""
    count = 0
    for order in orders:
        try:
            step(order)
        except ApplicationError as error:
            modeladmin.message_user(request, f"{order.number}: {error.message}", messages.ERROR)
        else:
            count += 1
    if count:
        modeladmin.message_user(request, done % {"count": count}, messages.SUCCESS)


@admin.action(description=gettext_lazy("Mark as processing"), permissions=["change"])
def mark_processing(modeladmin, request: HttpRequest, queryset: QuerySet[Order]) -> None:
    _apply(
        modeladmin,
        request,
        queryset.order_by("pk"),
        lambda order: order_mark_processing(order=order, actor=request.user),
        _("%(count)s order(s) marked as processing."),
    )


@admin.action(description=gettext_lazy("Mark as delivered"), permissions=["change"])
def mark_delivered(modeladmin, request: HttpRequest, queryset: QuerySet[Order]) -> None:
    _apply(
        modeladmin,
        request,
        queryset.order_by("pk"),
        lambda order: order_mark_delivered(order=order, actor=request.user),
        _("%(count)s order(s) marked as delivered."),
    )


@admin.action(description=gettext_lazy("Cancel"), permissions=["change"])
def cancel(modeladmin, request: HttpRequest, queryset: QuerySet[Order]) -> None:
    _apply(
        modeladmin,
        request,
        queryset.order_by("pk"),
        lambda order: order_cancel(order=order, actor=request.user, reason=_("Cancelled by the shop.")),
        _("%(count)s order(s) cancelled."),
    )


class ShipForm(forms.Form):
    """The carrier and tracking number of one order to ship."""

    order = forms.IntegerField(widget=forms.HiddenInput)
    carrier = forms.CharField(label=gettext_lazy("Carrier"), max_length=60, initial="Colissimo")
    tracking_number = forms.CharField(label=gettext_lazy("Tracking number"), max_length=80)


ShipFormSet = forms.formset_factory(ShipForm, extra=0)


def _ship_all(modeladmin, request: HttpRequest, orders: dict[int, Order], formset) -> None:
    details = {form.cleaned_data["order"]: form.cleaned_data for form in formset if form.cleaned_data}
    _apply(
        modeladmin,
        request,
        [orders[pk] for pk in sorted(details) if pk in orders],
        lambda order: order_ship(
            order=order,
            carrier=details[order.pk]["carrier"],
            tracking_number=details[order.pk]["tracking_number"],
            actor=request.user,
        ),
        _("%(count)s order(s) marked as shipped."),
    )


@admin.action(description=gettext_lazy("Mark as shipped (carrier and tracking number)"), permissions=["change"])
def mark_shipped(modeladmin, request: HttpRequest, queryset: QuerySet[Order]) -> HttpResponse | None:
    """Ask for each order's carrier and tracking number, then ship them."""
    orders = {order.pk: order for order in queryset.order_by("pk")[: SHIP_PAGE_LIMIT + 1]}
    if len(orders) > SHIP_PAGE_LIMIT:
        modeladmin.message_user(
            request, _("Ship at most %(limit)s orders at a time.") % {"limit": SHIP_PAGE_LIMIT}, messages.WARNING
        )
        return None
    if "apply" in request.POST:
        formset = ShipFormSet(request.POST, prefix="ship")
        if formset.is_valid():
            _ship_all(modeladmin, request, orders, formset)
            return None
    else:
        formset = ShipFormSet(prefix="ship", initial=[{"order": pk} for pk in orders])
    rows = [(form, orders.get(form["order"].value() and int(form["order"].value()))) for form in formset]
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Mark as shipped"),
        "formset": formset,
        "rows": rows,
        "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        "select_across": request.POST.get("select_across", "0"),
        "opts": modeladmin.model._meta,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/orders/order/ship.html", context)


def _pdf_response(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def invoice_pdf_response(invoice: Invoice) -> HttpResponse:
    """Return the PDF of one invoice or credit note as a download."""
    return _pdf_response(invoice_pdf_render(invoice), invoice_pdf_filename(invoice), "application/pdf")


@admin.action(description=gettext_lazy("Print the invoice (PDF, or ZIP for several)"), permissions=["view"])
def print_invoices(modeladmin, request: HttpRequest, queryset: QuerySet[Order]) -> HttpResponse | None:
    """Download the invoice of the selected order, or a ZIP of the invoices of several."""
    invoices = list(Invoice.objects.filter(order__in=queryset, kind=Invoice.Kind.INVOICE).order_by("number"))
    if not invoices:
        modeladmin.message_user(request, _("None of the selected orders has an invoice yet."), messages.WARNING)
        return None
    if len(invoices) == 1:
        return invoice_pdf_response(invoices[0])
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for invoice in invoices:
            archive.writestr(invoice_pdf_filename(invoice), invoice_pdf_render(invoice))
    return _pdf_response(buffer.getvalue(), f"invoices-{date.today():%Y-%m-%d}.zip", "application/zip")


# ---------------------------------------------------------------------------
# CSV export of the changelist
# ---------------------------------------------------------------------------
AMOUNTS = ("subtotal", "discount_total", "shipping_total", "vat_total", "total", "refunded_total")


def _csv_header() -> list[str]:
    return [
        _("Number"), _("Created"), _("Status"), _("Email"), _("Customer"), _("Payment method"), _("Paid"),
        _("Shipping method"), _("Carrier"), _("Tracking number"), _("Subtotal"), _("Discount"), _("Shipping"),
        _("VAT"), _("Total incl. VAT"), _("Amount refunded"),
    ]  # fmt: skip


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def orders_csv_rows(orders: QuerySet[Order]) -> Iterator[list[str]]:
    """Return the rows of the export: header, one row per order (one query, read in chunks), totals.

    Labels are translated now, in the request's language; the rows are read
    while the response streams.
    """
    header, total = _csv_header(), _("Total")
    statuses = {value: str(label) for value, label in Order.Status.choices}
    methods = {value: str(label) for value, label in Order.ShippingMethod.choices}

    def rows() -> Iterator[list[str]]:
        yield header
        sums = dict.fromkeys(AMOUNTS, Decimal("0"))
        for order in orders.iterator(chunk_size=2000):
            for name in AMOUNTS:
                sums[name] += getattr(order, name)
            yield [
                order.number or "", _when(order.created_at), statuses.get(order.status, order.status), order.email,
                (order.billing_address or {}).get("full_name", ""), order.payment_method, _when(order.paid_at),
                methods.get(order.shipping_method, order.shipping_method), order.carrier, order.tracking_number,
                *(f"{getattr(order, name):.2f}" for name in AMOUNTS),
            ]  # fmt: skip
        yield [total, *[""] * 9, *(f"{sums[name]:.2f}" for name in AMOUNTS)]

    return rows()


def orders_csv_response(orders: QuerySet[Order]) -> StreamingHttpResponse:
    """Stream ``orders`` as a CSV file for spreadsheets (webox.admin_csv: UTF-8 with BOM, ``;``, formula-safe)."""
    return csv_streaming_response(orders_csv_rows(orders), filename=f"orders-{date.today():%Y-%m-%d}.csv")
