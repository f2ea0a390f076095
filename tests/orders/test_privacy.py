"""Orders and personal data: the export lists them; deleting the account keeps them for the accounts, anonymised."""

import json
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from orders.invoice_pdf import invoice_pdf_render
from orders.models import DownloadGrant, Invoice, Order
from orders.receivers import anonymised_email
from orders.services.downloads import Gone, download_open, download_token, downloads_grant
from orders.services.invoices import credit_note_issue, invoice_issue
from tests.accounts.profile_support import verified_user_make
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.orders.documents_support import ADDRESS, DEFAULT_ITEMS, digital_item, digital_product_make, order_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client):
    user = verified_user_make(email="lea@example.com", display_name="Léa")
    client.force_login(user)
    return user


def export(client) -> dict:
    response = client.post(reverse("accounts:privacy-export"))
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_export_lists_the_customer_orders_with_lines_totals_addresses_and_documents(client, member):
    order = order_make(user=member, carrier="Colissimo", tracking_number="6A1")
    invoice = invoice_issue(order=order)
    credit_note_issue(order=order, amount=Decimal("4.90"))
    order_make(user=UserFactory())  # someone else's
    [exported] = export(client)["orders"]
    assert exported["number"] == order.number
    assert exported["email"] == "lea@example.com"
    assert (exported["status"], exported["total"], exported["vat_total"]) == ("paid", "54.90", "9.15")
    assert exported["shipping_address"] == ADDRESS and exported["billing_address"] == ADDRESS
    assert exported["tracking_number"] == "6A1"
    assert [line["product_name"] for line in exported["lines"]] == ["Mug WEBOX", "T-shirt WEBOX"]
    assert exported["lines"][0] | {"sku": ""} == {
        "product_name": "Mug WEBOX",
        "variant_label": "Bleu",
        "sku": "",
        "quantity": 2,
        "unit_price": "12.50",
        "vat_rate": "20.00",
        "line_total": "25.00",
    }
    assert sorted(document["number"] for document in exported["invoices"]) == sorted(
        Invoice.objects.filter(order=order).values_list("number", flat=True)
    )
    assert invoice.number in {document["number"] for document in exported["invoices"]}


def test_the_export_of_a_customer_without_orders_has_an_empty_section(client, member):
    assert export(client)["orders"] == []


def test_deleting_the_account_keeps_the_orders_without_the_person(client, member):
    order = order_make(user=member, items=[*DEFAULT_ITEMS, digital_item(digital_product_make())])
    invoice_issue(order=order)
    [grant] = downloads_grant(order=order)
    token = download_token(grant)
    other = order_make(user=UserFactory())
    response = client.post(reverse("accounts:account-delete"), {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.user is None
    assert order.email == anonymised_email("lea@example.com") and "lea" not in order.email
    assert order.shipping_address == {} and order.billing_address == {}
    assert order.total == Decimal("64.80") and order.lines.count() == 3  # the accounts stay whole
    other.refresh_from_db()
    assert other.user is not None and other.billing_address == ADDRESS
    with pytest.raises(Gone):
        download_open(token=token, user=None)  # the link no longer opens for whoever holds it
    assert DownloadGrant.objects.filter(pk=grant.pk).exists()


def test_invoices_survive_the_deletion_unchanged(client, member):
    invoice = invoice_issue(order=order_make(user=member))
    before = invoice_pdf_render(invoice)
    client.post(reverse("accounts:account-delete"), {"password": DEFAULT_PASSWORD})
    invoice.refresh_from_db()
    assert invoice.data["customer"]["email"] == "lea@example.com"  # a legal record, kept as issued
    assert invoice_pdf_render(invoice) == before
    assert "Léa Martin" in PdfReader(BytesIO(before)).pages[0].extract_text()


def test_the_anonymised_address_is_the_same_for_every_order_and_not_readable():
    assert anonymised_email("Lea@Example.com") == anonymised_email("lea@example.com")
    assert anonymised_email("lea@example.com") != anonymised_email("leo@example.com")
    assert anonymised_email("lea@example.com").endswith("@anonymised.invalid")
    assert not Order.objects.exists()


def test_no_order_email_goes_out_after_the_account_is_deleted(client, member):
    from django.core import mail

    from orders.emails import order_email_send

    order = order_make(user=member)
    client.post(reverse("accounts:account-delete"), {"password": DEFAULT_PASSWORD})
    assert order_email_send(order_id=order.pk, kind="shipped") is False
    assert mail.outbox == []
