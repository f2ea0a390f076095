"""Invoice numbers under simultaneous payments: unique and without gaps (PostgreSQL row lock).

SQLite writes one transaction at a time and has no ``SELECT ... FOR UPDATE``;
these tests run on PostgreSQL only (``DATABASE_URL=postgres://...``).
"""

import time

import pytest
from django.db import transaction

from orders.models import DocumentSequence, Invoice
from orders.services.invoices import invoice_issue
from tests.concurrency import needs_postgresql, run_concurrently
from tests.orders.documents_support import order_make

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only(db):
    needs_postgresql()


class PaymentFailed(Exception):
    """The rest of a payment's transaction failed after the invoice was issued."""


def pay_all_at_once(orders, *, failing=()) -> list[Exception]:
    """Issue the invoice of each order in its own thread and transaction, all starting together."""

    def pay(index: int) -> None:
        order = orders[index]
        try:
            with transaction.atomic():
                invoice_issue(order=order)
                time.sleep(0.02)  # the rest of the payment, while the number is held
                if order.pk in failing:
                    raise PaymentFailed
        except PaymentFailed:
            return

    return [result for result in run_concurrently(pay, len(orders)) if isinstance(result, Exception)]


def test_ten_simultaneous_payments_get_ten_consecutive_numbers():
    orders = [order_make() for _ in range(10)]
    assert pay_all_at_once(orders) == []
    sequences = sorted(Invoice.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, 11))
    assert len(set(Invoice.objects.values_list("number", flat=True))) == 10
    assert set(Invoice.objects.values_list("order_id", flat=True)) == {order.pk for order in orders}
    assert DocumentSequence.objects.get(kind="invoice").last_number == 10


def test_a_payment_that_rolls_back_leaves_no_gap_among_simultaneous_ones():
    orders = [order_make() for _ in range(10)]
    failed = orders[3]
    assert pay_all_at_once(orders, failing={failed.pk}) == []
    assert not Invoice.objects.filter(order=failed).exists()
    assert sorted(Invoice.objects.values_list("sequence", flat=True)) == list(range(1, 10))
    assert DocumentSequence.objects.get(kind="invoice").last_number == 9


def test_the_same_order_paid_twice_at_once_has_one_invoice():
    order = order_make()
    assert pay_all_at_once([order, order]) == []
    assert Invoice.objects.filter(order=order).count() == 1
    assert DocumentSequence.objects.get(kind="invoice").last_number == 1
