"""The back office of orders: read-only snapshots, actions through the services, invoices, CSV export."""

import csv
import io
import zipfile
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from accounts.groups import STAFF, groups_sync_permissions
from orders.models import CreditGrant, Invoice, Order, OrderEvent
from orders.services.downloads import downloads_grant
from orders.services.invoices import invoice_issue
from tests.orders.documents_support import DEFAULT_ITEMS, digital_item, digital_product_make, order_make

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:orders_order_changelist")


def act(client, action: str, orders, **extra):
    data = {"action": action, "_selected_action": [order.pk for order in orders], **extra}
    return client.post(CHANGELIST, data, follow=True)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def status_of(order: Order) -> str:
    order.refresh_from_db()
    return order.status


# -- lists and pages -----------------------------------------------------------------


def test_changelist_lists_orders_with_their_columns(admin_client_verified):
    order = order_make(payment_method="stripe")
    response = admin_client_verified.get(CHANGELIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert order.number in html and order.email in html and "stripe" in html
    assert reverse("admin:orders_order_export") in html


def test_changelist_query_count_does_not_grow_with_orders(admin_client_verified, django_assert_max_num_queries):
    order_make()
    with django_assert_max_num_queries(20) as few:
        admin_client_verified.get(CHANGELIST)
    for _ in range(99):
        order_make()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = admin_client_verified.get(CHANGELIST)
    assert response.context["cl"].result_count == 100
    assert len(response.context["cl"].result_list) == 100


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status__exact=shipped", {"shipped"}),
        ("q=COLIS-42", {"shipped"}),
        ("q=paul%40example.com", {"paid-paul"}),
        ("payment_method=paypal", {"paid-paul"}),
        ("shipping_method__exact=standard", {"shipped", "paid-paul", "pending"}),
    ],
)
def test_changelist_filters_and_search(admin_client_verified, query, expected):
    orders = {
        "shipped": order_make(status=Order.Status.SHIPPED, tracking_number="COLIS-42"),
        "paid-paul": order_make(email="paul@example.com", payment_method="paypal"),
        "pending": order_make(status=Order.Status.PENDING_PAYMENT),
    }
    response = admin_client_verified.get(f"{CHANGELIST}?{query}")
    shown = {order.pk for order in response.context["cl"].result_list}
    assert shown == {orders[name].pk for name in expected}


def test_an_order_page_is_read_only_with_lines_events_and_invoice_links(admin_client_verified):
    order = order_make(carrier="Colissimo", tracking_number="6A123")
    invoice = invoice_issue(order=order)
    OrderEvent.objects.create(order=order, from_status="pending_payment", to_status="paid", note="Stripe")
    url = reverse("admin:orders_order_change", args=[order.pk])
    response = admin_client_verified.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mug WEBOX" in html and "T-shirt WEBOX" in html and "12 rue des Lilas" in html and "Stripe" in html
    assert reverse("admin:orders_invoice_pdf", args=[invoice.pk]) in html
    assert 'name="status"' not in html and 'name="total"' not in html and 'name="_save"' not in html
    admin_client_verified.post(url, {"status": "delivered", "total": "1.00", "email": "x@example.com"})
    order.refresh_from_db()
    assert (order.status, order.total, order.email) == ("paid", Decimal("54.90"), "invite@example.com")


def test_orders_are_neither_added_nor_deleted_here(admin_client_verified):
    order = order_make()
    assert admin_client_verified.get(reverse("admin:orders_order_add")).status_code == 403
    assert admin_client_verified.get(reverse("admin:orders_order_delete", args=[order.pk])).status_code == 403
    response = admin_client_verified.get(CHANGELIST)
    assert "delete_selected" not in response.content.decode()


# -- actions -----------------------------------------------------------------------------


def test_mark_processing_moves_paid_orders_and_reports_the_others(admin_client_verified, staff_user):
    paid, pending = order_make(), order_make(status=Order.Status.PENDING_PAYMENT)
    response = act(admin_client_verified, "mark_processing", [paid, pending])
    assert response.status_code == 200
    assert status_of(paid) == "processing" and status_of(pending) == "pending_payment"
    messages = messages_of(response)
    assert any("1 order(s) marked as processing." in message or "1 commande" in message for message in messages)
    assert any(pending.number in message for message in messages)
    event = OrderEvent.objects.get(order=paid, to_status="processing")
    assert event.actor == staff_user


def test_mark_shipped_asks_for_carrier_and_tracking_then_ships_and_emails(
    admin_client_verified, django_capture_on_commit_callbacks
):
    first, second = order_make(status=Order.Status.PROCESSING), order_make(status=Order.Status.PROCESSING)
    page = act(admin_client_verified, "mark_shipped", [first, second])
    assert page.status_code == 200
    assert page.templates[0].name == "admin/orders/order/ship.html"
    html = page.content.decode()
    assert first.number in html and second.number in html and 'name="ship-0-tracking_number"' in html
    data = {
        "apply": "1",
        "ship-TOTAL_FORMS": "2",
        "ship-INITIAL_FORMS": "2",
        "ship-0-order": first.pk,
        "ship-0-carrier": "Colissimo",
        "ship-0-tracking_number": "6A111",
        "ship-1-order": second.pk,
        "ship-1-carrier": "Chronopost",
        "ship-1-tracking_number": "XY222",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = act(admin_client_verified, "mark_shipped", [first, second], **data)
    assert response.status_code == 200
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.carrier, first.tracking_number) == ("shipped", "Colissimo", "6A111")
    assert (second.status, second.carrier, second.tracking_number) == ("shipped", "Chronopost", "XY222")
    assert sorted(message.to[0] for message in mail.outbox) == [first.email, second.email]
    assert any("6A111" in message.body for message in mail.outbox)


def test_mark_shipped_without_a_tracking_number_shows_the_form_again(admin_client_verified):
    order = order_make(status=Order.Status.PROCESSING)
    data = {
        "apply": "1",
        "ship-TOTAL_FORMS": "1",
        "ship-INITIAL_FORMS": "1",
        "ship-0-order": order.pk,
        "ship-0-carrier": "Colissimo",
        "ship-0-tracking_number": "",
    }
    response = act(admin_client_verified, "mark_shipped", [order], **data)
    assert response.templates[0].name == "admin/orders/order/ship.html"
    assert response.context["formset"].errors[0]["tracking_number"]
    assert status_of(order) == "processing"


def test_mark_shipped_refuses_an_order_not_in_preparation_with_a_message(admin_client_verified):
    order = order_make()  # paid, not processing
    data = {
        "apply": "1",
        "ship-TOTAL_FORMS": "1",
        "ship-INITIAL_FORMS": "1",
        "ship-0-order": order.pk,
        "ship-0-carrier": "Colissimo",
        "ship-0-tracking_number": "6A1",
    }
    response = act(admin_client_verified, "mark_shipped", [order], **data)
    assert response.status_code == 200
    assert any(order.number in message for message in messages_of(response))
    assert status_of(order) == "paid"


def test_mark_delivered_and_cancel_go_through_the_status_machine(admin_client_verified):
    shipped, pending, delivered = (
        order_make(status=Order.Status.SHIPPED),
        order_make(status=Order.Status.PENDING_PAYMENT),
        order_make(status=Order.Status.DELIVERED),
    )
    act(admin_client_verified, "mark_delivered", [shipped])
    assert status_of(shipped) == "delivered"
    response = act(admin_client_verified, "cancel", [pending, delivered])
    assert status_of(pending) == "cancelled" and status_of(delivered) == "delivered"
    assert any(delivered.number in message for message in messages_of(response))


def test_print_invoice_gives_the_pdf_of_one_order(admin_client_verified):
    order = order_make()
    invoice = invoice_issue(order=order)
    response = act(admin_client_verified, "print_invoices", [order])
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{invoice.number}.pdf"'
    assert response.content.startswith(b"%PDF-")


def test_print_invoices_of_several_orders_gives_a_zip(admin_client_verified):
    orders = [order_make() for _ in range(3)]
    numbers = [invoice_issue(order=order).number for order in orders[:2]]
    response = act(admin_client_verified, "print_invoices", orders)
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == sorted(f"{number}.pdf" for number in numbers)
    assert all(archive.read(name).startswith(b"%PDF-") for name in archive.namelist())


def test_print_invoice_without_invoices_says_so(admin_client_verified):
    response = act(admin_client_verified, "print_invoices", [order_make(status=Order.Status.PENDING_PAYMENT)])
    assert response.status_code == 200 and len(messages_of(response)) == 1


# -- CSV export ------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:]), delimiter=";"))


def test_csv_export_follows_the_filters_and_ends_with_totals(admin_client_verified):
    first, second = order_make(), order_make(payment_method="paypal")
    order_make(status=Order.Status.PENDING_PAYMENT)
    response = admin_client_verified.get(reverse("admin:orders_order_export") + "?status__exact=paid")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="orders-')
    header, *rows, totals = read_csv(response)
    assert len(header) == 16
    assert sorted(row[0] for row in rows) == sorted([first.number, second.number])
    row = next(row for row in rows if row[0] == second.number)
    assert row[3:6] == ["invite@example.com", "Léa Martin", "paypal"]
    assert row[10:] == ["50.00", "0.00", "4.90", "9.15", "54.90", "0.00"]
    assert totals[10:] == ["100.00", "0.00", "9.80", "18.30", "109.80", "0.00"]


# -- invoices, credits, downloads ----------------------------------------------------------


def test_invoice_admin_is_read_only_with_pdf_download(admin_client_verified):
    invoice = invoice_issue(order=order_make())
    changelist = admin_client_verified.get(reverse("admin:orders_invoice_changelist"))
    assert changelist.status_code == 200 and invoice.number in changelist.content.decode()
    pdf = admin_client_verified.get(reverse("admin:orders_invoice_pdf", args=[invoice.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    assert admin_client_verified.get(reverse("admin:orders_invoice_add")).status_code == 403
    assert admin_client_verified.get(reverse("admin:orders_invoice_delete", args=[invoice.pk])).status_code == 403
    page = admin_client_verified.get(reverse("admin:orders_invoice_change", args=[invoice.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()


def test_credit_and_download_grants_are_listed(admin_client_verified):
    order = order_make(items=[*DEFAULT_ITEMS, digital_item(digital_product_make(name="Guide PDF"))])
    downloads_grant(order=order)
    CreditGrant.objects.create(line=order.lines.first(), user=None, credits=500)
    downloads = admin_client_verified.get(reverse("admin:orders_downloadgrant_changelist"))
    assert downloads.status_code == 200 and "Guide PDF" in downloads.content.decode()
    credits = admin_client_verified.get(reverse("admin:orders_creditgrant_changelist"))
    assert credits.status_code == 200 and order.number in credits.content.decode()


def test_the_staff_group_runs_orders_and_reads_documents(client):
    from tests.accounts.twofactor_support import login_verified, totp_device_make
    from tests.factories import UserFactory

    groups_sync_permissions()
    member = UserFactory(is_staff=True)
    member.groups.add(Group.objects.get(name=STAFF))
    login_verified(client, member, totp_device_make(member))
    order = order_make()
    invoice = invoice_issue(order=order)
    assert client.get(CHANGELIST).status_code == 200
    assert client.get(reverse("admin:orders_order_change", args=[order.pk])).status_code == 200
    assert client.get(reverse("admin:orders_invoice_pdf", args=[invoice.pk])).status_code == 200
    act(client, "mark_processing", [order])
    assert status_of(order) == "processing"
    assert Invoice.objects.count() == 1
