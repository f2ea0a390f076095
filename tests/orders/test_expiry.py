"""Orders left unpaid for 30 minutes are cancelled by a periodic task: stock and promo use released."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import connections, transaction
from django.utils import timezone

from orders.models import Order, OrderEvent
from orders.services import order_mark_paid, orders_expire_unpaid
from orders.tasks import orders_expire_unpaid_task
from shop.models import PromoRedemption
from tests.factories import UserFactory
from tests.orders.conftest import needs_postgresql
from tests.orders.factories import order_place_for
from tests.shop.cart_factories import PromoCodeFactory
from tests.shop.factories import ProductFactory


@pytest.mark.django_db
def test_an_unpaid_order_expires_after_30_minutes_releasing_stock_and_code(
    user, physical, django_capture_on_commit_callbacks
):
    promo = PromoCodeFactory(usage_limit=1)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        order = order_place_for(user, (physical.default_variant, 3), promo=promo)
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert orders_expire_unpaid() == 0
    with (
        time_machine.travel(start + timedelta(minutes=31), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert orders_expire_unpaid() == 1
    order.refresh_from_db()
    physical.default_variant.refresh_from_db()
    promo.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
    assert physical.default_variant.stock == 10 and not order.lines.get().stock_reserved
    assert promo.times_used == 0 and not PromoRedemption.objects.exists()
    event = OrderEvent.objects.filter(order=order).last()
    assert (event.from_status, event.to_status, event.actor) == ("pending_payment", "cancelled", None)
    assert order.number in mail.outbox[-1].subject


@pytest.mark.django_db
def test_paid_orders_never_expire(user, physical):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        paid = order_mark_paid(order=order_place_for(user, physical))
        pending = order_place_for(user, physical)
    with time_machine.travel(start + timedelta(hours=2), tick=False):
        assert orders_expire_unpaid_task() == 1
    assert Order.objects.get(pk=paid.pk).status == Order.Status.PAID
    assert Order.objects.get(pk=pending.pk).status == Order.Status.CANCELLED


@pytest.mark.django_db
def test_the_timeout_is_a_setting(user, physical, settings):
    settings.ORDERS_PAYMENT_TIMEOUT_MINUTES = 5
    order = order_place_for(user, physical)
    assert orders_expire_unpaid(now=timezone.now() + timedelta(minutes=6)) == 1
    assert Order.objects.get(pk=order.pk).status == Order.Status.CANCELLED


def test_the_task_runs_every_five_minutes():
    entry = settings.CELERY_BEAT_SCHEDULE["orders-expire-unpaid"]
    assert entry == {"task": "orders.tasks.orders_expire_unpaid_task", "schedule": 300}


@pytest.mark.django_db(transaction=True)
def test_an_order_being_paid_right_now_is_skipped_until_the_next_run():
    """The row lock of a payment in progress makes expiry pass it by (SKIP LOCKED) instead of waiting."""
    needs_postgresql()
    product = ProductFactory(variant__stock=5)
    order = order_place_for(UserFactory(), product)
    locked, release = threading.Event(), threading.Event()

    def hold_the_row():
        try:
            with transaction.atomic():
                Order.objects.select_for_update().get(pk=order.pk)
                locked.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_the_row)
    holder.start()
    assert locked.wait(timeout=30)
    later = timezone.now() + timedelta(hours=1)
    try:
        assert orders_expire_unpaid(now=later) == 0
    finally:
        release.set()
        holder.join(timeout=30)
    assert orders_expire_unpaid(now=later) == 1
    product.default_variant.refresh_from_db()
    assert product.default_variant.stock == 5
