"""Invoice numbers under simultaneous payments: unique and without gaps (PostgreSQL row lock).

SQLite writes one transaction at a time and has no ``SELECT ... FOR UPDATE``;
these tests run on PostgreSQL only (``DATABASE_URL=postgres://...``).
"""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from orders.models import DocumentSequence, Invoice
from orders.services.invoices import invoice_issue
from tests.orders.documents_support import order_make

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only(db):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL: set DATABASE_URL=postgres://...")


class PaymentFailed(Exception):
    """The rest of a payment's transaction failed after the invoice was issued."""


def pay_all_at_once(orders, *, failing=()) -> list[Exception]:
    """Issue the invoice of each order in its own thread and transaction, all starting together."""
    barrier = threading.Barrier(len(orders))
    errors: list[Exception] = []

    def pay(order):
        try:
            barrier.wait()
            with transaction.atomic():
                invoice_issue(order=order)
                time.sleep(0.02)  # the rest of the payment, while the number is held
                if order.pk in failing:
                    raise PaymentFailed
        except PaymentFailed:
            pass
        except Exception as error:  # reported by the caller
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=pay, args=(order,)) for order in orders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


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
