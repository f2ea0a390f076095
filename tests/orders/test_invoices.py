"""Invoices and credit notes: numbered per year without gaps, content frozen when issued, owners only."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction

from orders.errors import OrderErrorCode
from orders.models import DocumentSequence, Invoice, Order
from orders.selectors import invoice_get_for_customer
from orders.services.invoices import credit_note_issue, invoice_issue
from tests.factories import UserFactory
from tests.orders.documents_support import DEFAULT_ITEMS, Item, order_make
from webox.common.errors import ApplicationError, Conflict

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


@time_machine.travel(datetime(2026, 3, 14, 10, 0, tzinfo=PARIS), tick=False)
def test_first_invoice_of_the_year_is_number_one():
    invoice = invoice_issue(order=order_make())
    assert invoice.number == "FA-2026-000001"
    assert (invoice.kind, invoice.year, invoice.sequence) == ("invoice", 2026, 1)


def test_invoices_of_successive_orders_follow_each_other():
    numbers = [invoice_issue(order=order_make()).sequence for _ in range(3)]
    assert numbers == [1, 2, 3]


def test_issuing_twice_returns_the_same_invoice_and_takes_one_number():
    order = order_make()
    first = invoice_issue(order=order)
    second = invoice_issue(order=order)
    assert first.pk == second.pk
    assert Invoice.objects.filter(order=order).count() == 1
    assert DocumentSequence.objects.get(kind="invoice").last_number == 1


@pytest.mark.parametrize("status", [Order.Status.PENDING_PAYMENT, Order.Status.CANCELLED])
def test_an_unpaid_order_has_no_invoice_and_takes_no_number(status):
    order = order_make(status=status)
    with pytest.raises(Conflict) as caught:
        invoice_issue(order=order)
    assert caught.value.code == OrderErrorCode.NO_INVOICE
    assert not Invoice.objects.exists()
    assert invoice_issue(order=order_make()).sequence == 1


def test_a_rolled_back_payment_gives_its_number_back():
    class PaymentFailed(Exception):
        pass

    with pytest.raises(PaymentFailed), transaction.atomic():
        invoice_issue(order=order_make())
        raise PaymentFailed
    assert not Invoice.objects.exists()
    assert invoice_issue(order=order_make()).number.endswith("-000001")


def test_numbering_restarts_each_year_in_paris_time():
    with time_machine.travel(datetime(2026, 12, 31, 23, 30, tzinfo=PARIS), tick=False):
        december = [invoice_issue(order=order_make()) for _ in range(2)]
    with time_machine.travel(datetime(2027, 1, 1, 0, 30, tzinfo=PARIS), tick=False):
        january = invoice_issue(order=order_make())  # still 2026 in UTC: the year is the French one
    assert [invoice.number for invoice in december] == ["FA-2026-000001", "FA-2026-000002"]
    assert january.number == "FA-2027-000001"


def test_invoice_content_is_a_snapshot_of_seller_customer_lines_vat_and_totals(settings):
    settings.ORDERS_SELLER = {**settings.ORDERS_SELLER, "siret": "123 456 789 00012", "vat_number": "FR12123456789"}
    items = [
        Item("Mug WEBOX", Decimal("12.50"), 2, discount=Decimal("5.00")),
        Item("Livre", Decimal("21.10"), 1, vat_rate=Decimal("5.50")),
    ]
    order = order_make(items=items, promo_code_text="BIENVENUE")
    data = invoice_issue(order=order).data
    assert data["seller"]["siret"] == "123 456 789 00012"
    assert data["customer"] == {"name": "Léa Martin", "email": order.email, "billing_address": order.billing_address}
    assert data["order"]["number"] == order.number and data["order"]["payment_method"] == "sandbox"
    assert data["lines"][0] == {
        "name": "Mug WEBOX",
        "variant": "",
        "sku": data["lines"][0]["sku"],
        "quantity": 2,
        "unit_price": "12.50",
        "vat_rate": "20.00",
        "total": "25.00",
        "total_net": "20.83",
        "discount": "5.00",
    }
    # 20 %: 25.00 - 5.00 discount + 4.90 shipping = 24.90 gross; 5.5 %: 21.10 gross.
    assert data["vat"] == [
        {"rate": "5.50", "net": "20.00", "vat": "1.10", "gross": "21.10"},
        {"rate": "20.00", "net": "20.75", "vat": "4.15", "gross": "24.90"},
    ]
    assert (data["subtotal"], data["discount"], data["shipping"]) == ("46.10", "5.00", "4.90")
    assert (data["total_net"], data["total_vat"], data["total"]) == ("40.75", "5.25", "46.00")


def test_invoice_content_does_not_change_with_the_order(settings):
    order = order_make()
    invoice = invoice_issue(order=order)
    frozen = invoice.data
    order.lines.update(product_name="Renamed")
    order.billing_address = {"full_name": "Someone Else"}
    order.save()
    settings.ORDERS_SELLER = {**settings.ORDERS_SELLER, "name": "Other seller"}
    invoice.refresh_from_db()
    assert invoice.data == frozen
    assert invoice_issue(order=order).data == frozen


def test_credit_note_has_its_own_numbering_and_refers_to_the_invoice():
    order = order_make()
    invoice = invoice_issue(order=order)
    first = credit_note_issue(order=order, amount=Decimal("10.00"), reason="Article abîmé")
    second = credit_note_issue(order=order, amount=Decimal("5.00"))
    year = invoice.year
    assert (first.number, second.number) == (f"AV-{year}-000001", f"AV-{year}-000002")
    assert first.kind == "credit_note" and first.total == Decimal("10.00")
    assert first.data["invoice_number"] == invoice.number
    assert first.data["reason"] == "Article abîmé"
    assert first.data["vat"] == [{"rate": "20.00", "net": "8.33", "vat": "1.67", "gross": "10.00"}]
    assert (first.data["total_net"], first.data["total_vat"], first.data["total"]) == ("8.33", "1.67", "10.00")
    assert DocumentSequence.objects.get(kind="invoice").last_number == 1


def test_credit_note_vat_is_split_in_proportion_to_the_invoice():
    items = [Item("Livre", Decimal("50.00"), 1, vat_rate=Decimal("5.50")), Item("Mug", Decimal("50.00"), 1)]
    order = order_make(items=items, shipping=Decimal("0"))
    invoice_issue(order=order)
    note = credit_note_issue(order=order, amount=Decimal("10.01"))
    grosses = {row["rate"]: Decimal(row["gross"]) for row in note.data["vat"]}
    assert sum(grosses.values()) == Decimal("10.01")
    assert abs(grosses["5.50"] - grosses["20.00"]) == Decimal("0.01")


def test_credit_notes_never_exceed_the_invoice():
    order = order_make()
    invoice = invoice_issue(order=order)
    credit_note_issue(order=order, amount=invoice.total - Decimal("1.00"))
    with pytest.raises(ApplicationError) as caught:
        credit_note_issue(order=order, amount=Decimal("1.01"))
    assert caught.value.code == OrderErrorCode.REFUND_TOO_LARGE
    assert credit_note_issue(order=order, amount=Decimal("1.00")).total == Decimal("1.00")


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-3")])
def test_a_credit_note_needs_a_positive_amount(amount):
    order = order_make()
    invoice_issue(order=order)
    with pytest.raises(ApplicationError) as caught:
        credit_note_issue(order=order, amount=amount)
    assert caught.value.code == OrderErrorCode.INVALID_AMOUNT


def test_a_credit_note_needs_an_invoice():
    with pytest.raises(Conflict) as caught:
        credit_note_issue(order=order_make(), amount=Decimal("1"))
    assert caught.value.code == OrderErrorCode.NO_INVOICE
    assert not DocumentSequence.objects.filter(kind="credit_note").exists()


def test_customer_gets_only_their_own_invoices():
    owner, other = UserFactory(), UserFactory()
    order = order_make(user=owner, items=DEFAULT_ITEMS)
    invoice = invoice_issue(order=order)
    note = credit_note_issue(order=order, amount=Decimal("2"))
    assert invoice_get_for_customer(user=owner, order_number=order.number) == invoice
    assert invoice_get_for_customer(user=owner, order_number=order.number, invoice_number=note.number) == note
    assert invoice_get_for_customer(user=other, order_number=order.number) is None
    assert invoice_get_for_customer(user=other, order_number=order.number, invoice_number=invoice.number) is None
    assert invoice_get_for_customer(user=None, order_number=order.number) is None


def test_payment_issues_the_invoice_and_a_refund_its_credit_note(django_capture_on_commit_callbacks):
    """The order services call these documents at the right steps (paid, refunded)."""
    from orders.services import order_mark_paid, order_refund

    order = order_make(status=Order.Status.PENDING_PAYMENT)
    with django_capture_on_commit_callbacks(execute=True):
        order_mark_paid(order=order, payment_method="stripe")
        order_mark_paid(order=order, payment_method="stripe")
    invoice = Invoice.objects.get(order=order, kind="invoice")
    assert invoice.data["order"]["payment_method"] == "stripe" and invoice.data["order"]["paid_at"]
    with django_capture_on_commit_callbacks(execute=True):
        order_refund(order=order, amount=Decimal("4.90"), reason="Frais de port offerts")
    note = Invoice.objects.get(order=order, kind="credit_note")
    assert (note.total, note.data["invoice_number"], note.data["reason"]) == (
        Decimal("4.90"),
        invoice.number,
        "Frais de port offerts",
    )
