"""The status machine: every allowed and forbidden move, what each lifecycle step brings, signals after commit."""

import itertools
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail

from orders import signals
from orders.models import CreditGrant, DownloadGrant, Invoice, Order, OrderEvent
from orders.services import (
    TRANSITIONS,
    order_cancel,
    order_mark_delivered,
    order_mark_paid,
    order_mark_processing,
    order_refund,
    order_ship,
    order_transition,
)
from shop.models import PromoRedemption
from shop.purchases import customer_has_bought, customer_has_ordered
from tests.factories import UserFactory
from tests.orders.documents_support import digital_product_make
from tests.orders.factories import OrderFactory, order_place_for
from tests.shop.cart_factories import PromoCodeFactory
from webox.common.errors import ApplicationError

pytestmark = pytest.mark.django_db

Status = Order.Status
ALL_MOVES = list(itertools.product(Status.values, Status.values))
STAMPS = {"paid": "paid_at", "shipped": "shipped_at", "delivered": "delivered_at", "cancelled": "cancelled_at"}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Return a context manager running the on-commit callbacks (emails, signals) of its block as it ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def received_signals():
    """Record every order signal sent: (name, order number, extra arguments)."""
    names = ["order_placed", "order_paid", "order_shipped", "order_delivered", "order_cancelled", "order_refunded"]
    got = []
    receivers = {}
    for name in names:

        def receiver(sender, order, _name=name, **kwargs):
            kwargs.pop("signal", None)
            got.append((_name, order.number, kwargs))

        receivers[name] = receiver
        getattr(signals, name).connect(receiver)
    yield got
    for name, receiver in receivers.items():
        getattr(signals, name).disconnect(receiver)


@pytest.mark.parametrize(("from_status", "to_status"), [m for m in ALL_MOVES if m[1] in TRANSITIONS[m[0]]])
def test_every_allowed_move_is_made_and_recorded(from_status, to_status, staff_user):
    order = OrderFactory(status=from_status)
    saved = order_transition(order=order, to_status=to_status, actor=staff_user, note="by hand")
    assert saved.status == to_status and order.status == to_status  # the caller's instance follows
    assert Order.objects.get(pk=order.pk).status == to_status
    event = OrderEvent.objects.get(order=order)
    assert (event.from_status, event.to_status, event.actor, event.note) == (
        from_status,
        to_status,
        staff_user,
        "by hand",
    )
    if to_status in STAMPS:
        assert getattr(Order.objects.get(pk=order.pk), STAMPS[to_status]) is not None


@pytest.mark.parametrize(("from_status", "to_status"), [m for m in ALL_MOVES if m[1] not in TRANSITIONS[m[0]]])
def test_every_forbidden_move_is_refused_and_changes_nothing(from_status, to_status):
    order = OrderFactory(status=from_status)
    with pytest.raises(ApplicationError) as excinfo:
        order_transition(order=order, to_status=to_status)
    assert excinfo.value.code == "invalid_transition" and excinfo.value.status_code == 409
    assert excinfo.value.extra == {"from_status": from_status, "to_status": to_status}
    assert Order.objects.get(pk=order.pk).status == from_status
    assert not OrderEvent.objects.filter(order=order).exists()


def test_the_table_names_every_status_and_cancel_only_before_shipping():
    assert set(TRANSITIONS) == set(Status.values)
    assert {status for status, moves in TRANSITIONS.items() if Status.CANCELLED in moves} == {
        Status.PENDING_PAYMENT,
        Status.PAID,
    }
    assert TRANSITIONS[Status.CANCELLED] == TRANSITIONS[Status.REFUNDED] == frozenset()


def test_a_forbidden_move_says_which_statuses(english):
    order = OrderFactory(status=Status.DELIVERED, number="WBX-2026-000042")
    with pytest.raises(ApplicationError) as excinfo:
        order_transition(order=order, to_status=Status.PAID)
    assert excinfo.value.message == "Order WBX-2026-000042 cannot go from “Delivered” to “Paid”."


def test_an_unknown_status_is_a_forbidden_move():
    with pytest.raises(ApplicationError) as excinfo:
        order_transition(order=OrderFactory(), to_status="lost")
    assert excinfo.value.code == "invalid_transition"


def test_nothing_but_order_transition_writes_an_order_status():
    """Grep the apps: no other code assigns an order's status or updates it in bulk."""
    allowed = Path(settings.BASE_DIR, "orders", "services", "status.py")
    assignment = re.compile(r"\border\w*\.status\s*=(?!=)")
    bulk = re.compile(r"Order\.objects[^\n]*\.update\([^)]*\bstatus=")
    offenders = []
    for app in ("orders", "payments", "ai_studio", "support", "shop", "accounts", "notifications", "blog"):
        for path in Path(settings.BASE_DIR, app).rglob("*.py"):
            if path == allowed or "migrations" in path.parts:
                continue
            text = path.read_text()
            offenders += [f"{path}: {m.group(0)}" for m in (*assignment.finditer(text), *bulk.finditer(text))]
    assert offenders == []


# ---------------------------------------------------------------------------
# Signals
# ---------------------------------------------------------------------------
def test_signals_are_sent_after_commit_with_their_arguments(user, physical, received_signals, committed):
    with committed():
        order = order_place_for(user, physical)
        order_mark_paid(order=order, payment_method="sandbox")
        order_refund(order=order, amount=Decimal("5.00"))
        other = order_place_for(user, physical)
        order_cancel(order=other)
    assert received_signals == [
        ("order_placed", order.number, {}),
        ("order_paid", order.number, {}),
        ("order_refunded", order.number, {"amount": Decimal("5.00")}),
        ("order_placed", other.number, {}),
        ("order_cancelled", other.number, {"was_paid": False}),
    ]


def test_no_signal_when_the_transaction_rolls_back(
    user, physical, received_signals, django_capture_on_commit_callbacks
):
    order = order_place_for(user, physical)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        order_mark_paid(order=order)
    assert received_signals == [] and len(callbacks) >= 1  # queued, never run: the test's transaction never commits


# ---------------------------------------------------------------------------
# Payment
# ---------------------------------------------------------------------------
def test_mark_paid_issues_the_invoice_grants_credits_and_downloads_once(user, physical, credit_pack, committed):
    ebook = digital_product_make(name="Guide", variant__price=Decimal("10.00"), variant__track_stock=False)
    with committed():
        order = order_place_for(user, physical, (credit_pack.default_variant, 2), ebook)
        first = order_mark_paid(order=order, payment_method="sandbox")
    with committed():
        again = order_mark_paid(order=order, payment_method="stripe")
    assert first.status == again.status == Status.PAID and again.payment_method == "sandbox"
    assert first.paid_at is not None and again.paid_at == first.paid_at
    assert Invoice.objects.filter(order=order, kind=Invoice.Kind.INVOICE).count() == 1
    grant = CreditGrant.objects.get()
    assert (grant.user, grant.credits, grant.line.order) == (user, 1000, order)
    assert DownloadGrant.objects.filter(line__order=order).count() == 1
    physical.refresh_from_db()
    credit_pack.refresh_from_db()
    assert (physical.sales_count, credit_pack.sales_count) == (1, 2)
    assert len(mail.outbox) == 2 and Order.objects.get(pk=order.pk).emails_sent == ["received", "paid"]
    assert list(OrderEvent.objects.filter(order=order).values_list("to_status", flat=True)) == [
        "pending_payment",
        "paid",
    ]


def test_a_paid_order_keeps_its_units_out_of_stock(user, physical):
    """Payment does not touch stock: the units were taken at placement and stay taken."""
    order = order_place_for(user, (physical.default_variant, 3))
    order_mark_paid(order=order)
    physical.default_variant.refresh_from_db()
    assert physical.default_variant.stock == 7 and order.lines.get().stock_reserved


def test_a_payment_for_a_cancelled_order_does_not_revive_it(user, physical):
    order = order_place_for(user, physical)
    order_cancel(order=order)
    with pytest.raises(ApplicationError) as excinfo:
        order_mark_paid(order=order, payment_method="stripe")
    assert excinfo.value.code == "invalid_transition" and excinfo.value.extra["refund_due"] is True
    order.refresh_from_db()
    assert order.status == Status.CANCELLED and not Invoice.objects.exists()
    note = OrderEvent.objects.filter(order=order).last()
    assert (note.from_status, note.to_status) == ("", "") and "stripe" in note.note


# ---------------------------------------------------------------------------
# Fulfilment
# ---------------------------------------------------------------------------
def test_an_order_goes_through_preparation_shipping_and_delivery(user, physical, staff_user, committed):
    order = order_place_for(user, physical)
    order_mark_paid(order=order)
    with pytest.raises(ApplicationError):
        order_ship(order=order, carrier="Colissimo", tracking_number="6A123")  # not in preparation yet
    order_mark_processing(order=order, actor=staff_user)
    with pytest.raises(ApplicationError) as excinfo:
        order_ship(order=order, carrier=" ", tracking_number="")
    assert set(excinfo.value.extra["fields"]) == {"carrier", "tracking_number"}
    with committed():
        order_ship(order=order, carrier="Colissimo", tracking_number="6A12345678901", actor=staff_user)
    assert (order.carrier, order.tracking_number, order.status) == ("Colissimo", "6A12345678901", Status.SHIPPED)
    assert any("6A12345678901" in message.body for message in mail.outbox)
    order_mark_delivered(order=order, actor=staff_user)
    assert order.status == Status.DELIVERED and order.delivered_at is not None
    assert list(OrderEvent.objects.filter(order=order).values_list("to_status", flat=True)) == [
        "pending_payment",
        "paid",
        "processing",
        "shipped",
        "delivered",
    ]


# ---------------------------------------------------------------------------
# Cancellation
# ---------------------------------------------------------------------------
def test_cancelling_an_unpaid_order_restores_stock_and_the_promo_use(user, physical, committed):
    promo = PromoCodeFactory(usage_limit=1)
    with committed():
        order = order_place_for(user, (physical.default_variant, 4), promo=promo)
        order_cancel(order=order, actor=user, reason="Changed my mind")
    physical.default_variant.refresh_from_db()
    promo.refresh_from_db()
    assert order.status == Status.CANCELLED and order.cancelled_at is not None
    assert physical.default_variant.stock == 10 and not order.lines.get().stock_reserved
    assert promo.times_used == 0 and not PromoRedemption.objects.exists()
    assert OrderEvent.objects.filter(order=order).last().note == "Changed my mind"
    assert len(mail.outbox) == 2  # received, cancelled


def test_cancelling_a_paid_order_restores_stock_but_keeps_the_promo_use(user, physical, received_signals, committed):
    promo = PromoCodeFactory()
    with committed():
        order = order_place_for(user, (physical.default_variant, 2), promo=promo)
        order_mark_paid(order=order)
        order_cancel(order=order)
    physical.default_variant.refresh_from_db()
    assert physical.default_variant.stock == 10 and PromoRedemption.objects.count() == 1
    assert received_signals[-1] == ("order_cancelled", order.number, {"was_paid": True})


@pytest.mark.parametrize("status", [Status.PROCESSING, Status.SHIPPED, Status.DELIVERED, Status.CANCELLED])
def test_an_order_in_preparation_or_beyond_cannot_be_cancelled(status):
    order = OrderFactory(status=status)
    with pytest.raises(ApplicationError) as excinfo:
        order_cancel(order=order)
    assert excinfo.value.code == "not_cancellable" and excinfo.value.status_code == 409
    assert Order.objects.get(pk=order.pk).status == status


def test_cancelling_twice_does_not_give_stock_back_twice(user, physical):
    order = order_place_for(user, (physical.default_variant, 2))
    order_cancel(order=order)
    with pytest.raises(ApplicationError):
        order_cancel(order=order)
    physical.default_variant.refresh_from_db()
    assert physical.default_variant.stock == 10


# ---------------------------------------------------------------------------
# Refunds
# ---------------------------------------------------------------------------
@pytest.fixture
def paid_order(user, physical):
    order = order_place_for(user, (physical.default_variant, 2))  # 40.00 + 4.90
    return order_mark_paid(order=order, payment_method="sandbox")


def test_a_partial_then_a_full_refund(paid_order):
    order_refund(order=paid_order, amount=Decimal("10.00"), reason="Scratched")
    assert (paid_order.status, paid_order.refunded_total) == (Status.PARTIALLY_REFUNDED, Decimal("10.00"))
    order_refund(order=paid_order, amount=Decimal("34.90"))
    assert (paid_order.status, paid_order.refunded_total) == (Status.REFUNDED, Decimal("44.90"))
    notes = Invoice.objects.filter(order=paid_order, kind=Invoice.Kind.CREDIT_NOTE).order_by("pk")
    assert [note.total for note in notes] == [Decimal("10.00"), Decimal("34.90")]


@pytest.mark.parametrize("amount", ["0", "-5", "1.234", "abc", "NaN", None])
def test_a_refund_needs_a_positive_amount_to_the_cent(paid_order, amount):
    with pytest.raises(ApplicationError) as excinfo:
        order_refund(order=paid_order, amount=amount)
    assert excinfo.value.code == "invalid_amount"
    assert Order.objects.get(pk=paid_order.pk).refunded_total == 0


def test_a_refund_cannot_exceed_what_is_left(paid_order):
    order_refund(order=paid_order, amount=Decimal("40.00"))
    with pytest.raises(ApplicationError) as excinfo:
        order_refund(order=paid_order, amount=Decimal("4.91"))
    assert excinfo.value.code == "refund_too_large"
    paid_order.refresh_from_db()
    assert paid_order.refunded_total == Decimal("40.00")


@pytest.mark.parametrize("status", [Status.PENDING_PAYMENT, Status.CANCELLED])
def test_only_a_paid_order_can_be_refunded(status):
    """An unpaid order (awaiting payment, or cancelled before any payment) has nothing to refund."""
    order = OrderFactory(status=status)
    with pytest.raises(ApplicationError) as excinfo:
        order_refund(order=order, amount=Decimal("1.00"))
    assert excinfo.value.code == "invalid_transition"


def test_an_order_in_preparation_can_be_refunded(paid_order):
    order_mark_processing(order=paid_order)
    order_refund(order=paid_order, amount=Decimal("5.00"))
    assert paid_order.status == Status.PARTIALLY_REFUNDED
    assert paid_order.invoices.filter(kind="credit_note").count() == 1


def test_a_paid_then_cancelled_order_records_its_refund_and_stays_cancelled(paid_order, committed, received_signals):
    """The payments app refunds a cancelled paid order; orders records it with a credit note, status unchanged."""
    order_cancel(order=paid_order)
    with committed():
        order_refund(order=paid_order, amount=paid_order.total, reason="Annulation")
    paid_order.refresh_from_db()
    assert paid_order.status == Status.CANCELLED and paid_order.refunded_total == paid_order.total
    assert paid_order.invoices.filter(kind="credit_note").count() == 1
    assert ("order_refunded", paid_order.number, {"amount": paid_order.total}) in received_signals
    with pytest.raises(ApplicationError) as excinfo:
        order_refund(order=paid_order, amount=Decimal("0.01"))
    assert excinfo.value.code == "refund_too_large"


def test_a_fully_refunded_order_cannot_be_refunded_again(paid_order):
    order_refund(order=paid_order, amount=paid_order.total)
    with pytest.raises(ApplicationError) as excinfo:
        order_refund(order=paid_order, amount=Decimal("1.00"))
    assert excinfo.value.code == "invalid_transition"


# ---------------------------------------------------------------------------
# What shop asks orders (settings.SHOP_PURCHASE_VERIFIER / SHOP_ORDER_HISTORY)
# ---------------------------------------------------------------------------
def test_a_paid_order_makes_its_customer_a_buyer_of_its_products(user, physical):
    order = order_place_for(user, physical)
    assert not customer_has_bought(user=user, product=physical)  # awaiting payment: not bought yet
    assert not customer_has_ordered(user=user, email=user.email)
    order_mark_paid(order=order)
    assert customer_has_bought(user=user, product=physical)
    assert customer_has_ordered(user=None, email=user.email.upper())
    assert not customer_has_bought(user=UserFactory(), product=physical)
