"""Every figure of the back-office dashboard, against a hand-built week of business (1 to 7 Nov. 2026).

Paris is at UTC+1 that week: 23:30 UTC is already the next day in Paris. Each
expected value below is computed by hand from the rows ``shop_week`` creates.
"""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine

from ai_studio.models import GenerationJob
from orders.models import Order
from payments.models import Payment, PaymentTransaction
from shop.models import Cart, CartLine, PromoCode, PromoRedemption
from support.models import Ticket
from tests.factories import UserFactory
from tests.orders.factories import OrderFactory, OrderLineFactory
from tests.shop.factories import CategoryFactory, ProductFactory
from webox.dashboard.periods import Period
from webox.dashboard.selectors import (
    ai_usage,
    conversion_funnel,
    dashboard_figures,
    new_customers_per_day,
    orders_per_status,
    promo_usage,
    refunds,
    revenue_per_day,
    sales_summary,
    support_figures,
    top_categories,
    top_products,
)

pytestmark = pytest.mark.django_db

WEEK = Period(start=date(2026, 11, 1), end=date(2026, 11, 7))
NOW = datetime(2026, 11, 8, 12, 0, tzinfo=UTC)


def utc(day: int, hour: int = 12, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def _at(when: datetime, make):
    """Create a row with ``make()`` while the clock shows ``when`` (``auto_now_add`` fields take it)."""
    with time_machine.travel(when, tick=False):
        return make()


def _order(created: datetime, paid: datetime | None, status: str, total: str, vat: str, **fields) -> Order:
    fields.setdefault("subtotal", Decimal(total) + Decimal(fields.get("discount_total", "0")))
    fields.setdefault("user", None)
    return _at(created, lambda: OrderFactory(
        status=status, paid_at=paid, total=Decimal(total), vat_total=Decimal(vat), **fields
    ))  # fmt: skip


def _line(order: Order, product, name: str, quantity: int, unit: str, discount: str = "0") -> None:
    OrderLineFactory(
        order=order, product=product, product_name=name, quantity=quantity, unit_price=Decimal(unit),
        line_total=Decimal(unit) * quantity, discount=Decimal(discount),
    )  # fmt: skip


def _orders(lamp, book) -> dict[str, Order]:
    """Seven numbered orders around the week, and one never checked out."""
    paid, shipped = Order.Status.PAID, Order.Status.SHIPPED
    orders = {
        "o1": _order(utc(2, 10), utc(2, 10, 5), paid, "120.00", "20.00"),
        # Placed on 3 Nov. (Paris), paid at 00:30 on 4 Nov. in Paris.
        "o2": _order(utc(3, 22), utc(3, 23, 30), shipped, "45.50", "7.58", discount_total=Decimal("5.00")),
        "o3": _order(utc(5, 9), utc(5, 9, 10), Order.Status.REFUNDED, "30.00", "5.00", refunded_total=Decimal("30")),
        "o4": _order(utc(6, 12), None, Order.Status.PENDING_PAYMENT, "19.90", "3.32"),
        "o5": _order(utc(6, 13), None, Order.Status.CANCELLED, "19.90", "3.32"),
        # 23:00 Paris on 31 Oct.: before the week.
        "o6": _order(utc(31, 22, month=10), utc(31, 22, 59, month=10), paid, "99.00", "16.50"),
        # 23:59 Paris on 7 Nov.: the last minute of the week.
        "o7": _order(utc(7, 22, 50), utc(7, 22, 59), paid, "10.00", "1.67"),
        # Placed at 23:55 Paris on 7 Nov., paid at midnight: placed in the week, paid after it.
        "o8": _order(utc(7, 22, 55), utc(7, 23, 0), paid, "15.00", "2.50"),
        "draft": _order(utc(4, 9), None, Order.Status.PENDING_PAYMENT, "19.90", "3.32", number=None),
    }
    _line(orders["o1"], lamp, "Lampe Opale", 2, "50.00")
    _line(orders["o1"], book, "Livre de recettes", 1, "20.00")
    _line(orders["o2"], lamp, "Lampe Opale", 1, "50.50", discount="5.00")
    _line(orders["o3"], None, "Affiche supprimée", 3, "10.00")
    _line(orders["o6"], lamp, "Lampe Opale", 1, "99.00")
    _line(orders["o7"], book, "Livre de recettes", 1, "10.00")
    _line(orders["o8"], book, "Livre de recettes", 1, "15.00")
    return orders


def _cart_filled(when: datetime, token: str, variant) -> Cart:
    """Create a cart at ``when`` holding one unit of ``variant``."""
    cart = _at(when, lambda: Cart.objects.create(token=token))
    CartLine.objects.create(cart=cart, variant=variant, quantity=1)
    return cart


def _carts(lamp) -> None:
    """Three carts left with items in the week (the seven orders checked out seven more): ten carts filled.

    Not counted: a cart emptied in the week, one filled before it and one after it.
    """
    variant = lamp.variants.get()
    _cart_filled(utc(2, 9), "left-1", variant)
    _cart_filled(utc(6, 9), "left-2", variant)
    # A returning customer's cart, created in October and filled again on 5 Nov.
    returning = _cart_filled(utc(20, 9, month=10), "returning", variant)
    _at(utc(5, 9), lambda: returning.save())
    _at(utc(4, 9), lambda: Cart.objects.create(token="emptied"))
    _cart_filled(utc(31, 12, month=10), "before", variant)
    _cart_filled(utc(8, 9), "after", variant)


def _promos() -> None:
    welcome = PromoCode.objects.create(code="BIENVENUE", value=Decimal("10"))
    christmas = PromoCode.objects.create(code="NOEL", kind=PromoCode.Kind.FIXED, value=Decimal("10"))
    uses = [
        (welcome, "WBX-P1", "5.00", utc(3, 22)),
        (welcome, "WBX-P2", "3.35", utc(6, 8)),
        (christmas, "WBX-P3", "10.00", utc(4, 8)),
        (christmas, "WBX-P4", "10.00", utc(30, 8, month=10)),
    ]
    for code, number, amount, when in uses:
        _at(when, lambda code=code, number=number, amount=amount: PromoRedemption.objects.create(
            promo_code=code, order_number=number, email="client@example.com", amount=Decimal(amount)
        ))  # fmt: skip


def _customers() -> None:
    UserFactory(date_joined=utc(31, 23, 30, month=10))  # 00:30 on 1 Nov. in Paris
    UserFactory(date_joined=utc(3, 8))
    UserFactory(date_joined=utc(3, 20))
    UserFactory(date_joined=utc(7, 23, 30))  # 00:30 on 8 Nov. in Paris
    UserFactory(date_joined=utc(2, 8), is_staff=True)


def _refunds(orders: dict[str, Order]) -> None:
    """Refunds of 30.00 (5 Nov.) and 12.34 (6 Nov.) in the week, 7.00 before it."""
    moves = [("o3", "30.00", utc(5, 15)), ("o1", "12.34", utc(6, 15)), ("o6", "7.00", utc(29, 15, month=10))]
    for key, amount, when in moves:
        payment = Payment.objects.create(
            order=orders[key], gateway="sandbox", amount=orders[key].total, idempotency_key=f"pay-{key}"
        )
        _at(when, lambda payment=payment, amount=amount, key=key: PaymentTransaction.objects.create(
            payment=payment, gateway="sandbox", kind="refund", amount=Decimal(amount), currency="EUR",
            external_id=f"re-{key}",
        ))  # fmt: skip


def _jobs(user) -> None:
    jobs = [
        ("openai", "gpt-4.1-mini", "succeeded", 12),
        ("openai", "gpt-4.1-mini", "succeeded", 8),
        ("openai", "gpt-4.1-mini", "failed", 0),
        ("openai", "gpt-4.1-mini", "running", None),
        ("demo", "demo-image", "succeeded", 5),
        ("demo", "demo-image", "cancelled", 0),
        ("anthropic", "claude-sonnet-5", "failed", 0),
        ("anthropic", "claude-sonnet-5", "failed", 0),
    ]
    for index, (provider, model, status, cost) in enumerate(jobs):
        fields = {"provider": provider, "model": model, "status": status, "cost": cost}
        _at(utc(1 + index % 7, 10), lambda fields=fields: GenerationJob.objects.create(
            user=user, kind="chat", prompt="Bonjour", **fields
        ))  # fmt: skip
    _at(utc(31, 10, month=10), lambda: GenerationJob.objects.create(
        user=user, kind="chat", prompt="Avant", provider="openai", model="gpt-4.1-mini", status="succeeded", cost=100
    ))  # fmt: skip


def _tickets(customer) -> None:
    open_, pending = Ticket.Status.OPEN, Ticket.Status.PENDING
    resolved, closed = Ticket.Status.RESOLVED, Ticket.Status.CLOSED
    tickets = [
        # created, status, first response, first response due, resolution due, rating
        (utc(2, 8), open_, utc(2, 9, 30), utc(2, 12), utc(10, 12), None),  # answered in 1 h 30
        (utc(4, 10), open_, None, utc(4, 18), utc(12, 10), None),  # first response late
        (utc(5, 10), pending, utc(5, 10, 20), utc(5, 18), utc(6, 10), None),  # 20 min; waiting, so never late
        (utc(3, 10), resolved, utc(3, 14), utc(3, 18), utc(8, 10), 4),  # 4 h
        (utc(6, 10), closed, utc(6, 10, 45), utc(6, 18), utc(9, 10), 5),  # 45 min
        (utc(20, 10, month=10), closed, utc(20, 20, month=10), None, None, 1),  # before the week
        (utc(25, 10, month=10), open_, utc(25, 11, month=10), None, utc(1, 10), None),  # resolution late
    ]
    for created, status, answered, first_due, resolution_due, rating in tickets:
        fields = {
            "status": status, "first_response_at": answered, "first_response_due_at": first_due,
            "resolution_due_at": resolution_due, "rating": rating,
        }  # fmt: skip
        _at(created, lambda fields=fields: Ticket.objects.create(customer=customer, subject="Question", **fields))


def week_make() -> dict[str, Order]:
    """Build the week: orders, carts, promo uses, sign-ups, refunds, AI jobs and tickets (see each helper)."""
    with time_machine.travel(NOW, tick=False):
        lamp = ProductFactory(name="Lampe Opale", category=CategoryFactory(name="Luminaires"))
        book = ProductFactory(name="Livre de recettes", category=CategoryFactory(name="Livres"))
        someone = UserFactory(date_joined=utc(20, month=10))
    orders = _orders(lamp, book)
    _carts(lamp)
    _promos()
    _customers()
    _refunds(orders)
    _jobs(someone)
    _tickets(someone)
    return orders


@pytest.fixture
def shop_week(settings):
    settings.DASHBOARD_CACHE_SECONDS = 0
    return week_make()


def test_revenue_per_day_counts_paid_orders_ttc_and_ht_on_their_paris_day(shop_week):
    """Orders paid in the week, on the Paris day of payment; HT is TTC minus the VAT snapshot."""
    days = {day["day"].day: (day["orders"], day["ttc"], day["vat"], day["ht"]) for day in revenue_per_day(WEEK)}
    zero = (0, Decimal("0.00"), Decimal("0.00"), Decimal("0.00"))
    assert days == {
        1: zero,
        2: (1, Decimal("120.00"), Decimal("20.00"), Decimal("100.00")),
        3: zero,
        4: (1, Decimal("45.50"), Decimal("7.58"), Decimal("37.92")),
        5: (1, Decimal("30.00"), Decimal("5.00"), Decimal("25.00")),
        6: zero,
        7: (1, Decimal("10.00"), Decimal("1.67"), Decimal("8.33")),
    }


def test_sales_summary_totals_the_week_and_rounds_the_average_basket_half_up(shop_week):
    summary = sales_summary(revenue_per_day(WEEK))
    assert summary == {
        "orders": 4,
        "ttc": Decimal("205.50"),
        "vat": Decimal("34.25"),
        "ht": Decimal("171.25"),
        "average_basket": Decimal("51.38"),  # 205.50 / 4 = 51.375
    }


def test_sales_summary_has_no_average_basket_without_paid_orders(db):
    assert sales_summary(revenue_per_day(WEEK))["average_basket"] is None


def test_orders_per_status_counts_numbered_orders_placed_in_the_week(shop_week):
    counts = {row["status"]: row["count"] for row in orders_per_status(WEEK)}
    assert counts == {
        "pending_payment": 1,
        "paid": 3,
        "processing": 0,
        "shipped": 1,
        "delivered": 0,
        "cancelled": 1,
        "refunded": 1,
        "partially_refunded": 0,
    }


def test_conversion_funnel_goes_from_carts_to_orders_placed_to_those_paid(shop_week):
    """Carts filled are the seven checked out (one per order placed) and the three left with items."""
    assert conversion_funnel(WEEK) == {
        "carts": 10,
        "orders": 7,
        "paid": 5,
        "cart_to_order": Decimal("70.0"),
        "order_to_paid": Decimal("71.4"),
        "cart_to_paid": Decimal("50.0"),
    }


def test_a_returning_customer_ordering_twice_with_one_cart_never_converts_over_100_percent(db):
    """A signed-in customer keeps one cart between orders: each checkout counts as one cart filled."""
    customer = UserFactory(date_joined=utc(1, month=10))
    _at(utc(1, 9, month=10), lambda: Cart.objects.create(user=customer))
    for day in (2, 5):
        _order(utc(day, 10), utc(day, 10, 5), Order.Status.PAID, "20.00", "3.33", user=customer)

    funnel = conversion_funnel(WEEK)

    assert (funnel["carts"], funnel["orders"], funnel["paid"]) == (2, 2, 2)
    assert funnel["cart_to_order"] == Decimal("100.0")


def test_top_products_rank_paid_lines_by_revenue_after_discount_and_by_quantity(shop_week):
    top = top_products(WEEK)
    assert top["by_revenue"] == [
        {"name": "Lampe Opale", "quantity": 3, "revenue": Decimal("145.50")},
        {"name": "Affiche supprimée", "quantity": 3, "revenue": Decimal("30.00")},
        {"name": "Livre de recettes", "quantity": 2, "revenue": Decimal("30.00")},
    ]
    assert [(row["name"], row["quantity"]) for row in top["by_quantity"]] == [
        ("Lampe Opale", 3),
        ("Affiche supprimée", 3),
        ("Livre de recettes", 2),
    ]


def test_top_categories_group_lines_by_product_category(shop_week):
    top = top_categories(WEEK)
    assert top["by_revenue"] == [
        {"name": "Luminaires", "quantity": 3, "revenue": Decimal("145.50")},
        {"name": "", "quantity": 3, "revenue": Decimal("30.00")},  # the deleted product's line
        {"name": "Livres", "quantity": 2, "revenue": Decimal("30.00")},
    ]
    assert [row["name"] for row in top["by_quantity"]] == ["Luminaires", "", "Livres"]


def test_promo_usage_counts_uses_and_discount_per_code(shop_week):
    assert promo_usage(WEEK) == {
        "codes": [
            {"code": "BIENVENUE", "uses": 2, "discount": Decimal("8.35")},
            {"code": "NOEL", "uses": 1, "discount": Decimal("10.00")},
        ],
        "uses": 3,
        "discount": Decimal("18.35"),
    }


def test_new_customers_per_day_counts_sign_ups_on_their_paris_day_without_staff(shop_week):
    counts = [day["count"] for day in new_customers_per_day(WEEK)]
    assert counts == [1, 0, 2, 0, 0, 0, 0]


def test_refunds_count_and_sum_the_gateway_refunds_of_the_week(shop_week):
    assert refunds(WEEK) == {"count": 2, "amount": Decimal("42.34")}


def test_ai_usage_gives_jobs_credits_and_failure_rate_per_provider_and_model(shop_week):
    usage = ai_usage(WEEK)
    rows = [
        (
            row["provider"],
            row["model"],
            row["jobs"],
            row["succeeded"],
            row["failed"],
            row["credits"],
            row["failure_rate"],
        )
        for row in usage["models"]
    ]
    assert rows == [
        ("openai", "gpt-4.1-mini", 4, 2, 1, 20, Decimal("33.3")),
        ("anthropic", "claude-sonnet-5", 2, 0, 2, 0, Decimal("100.0")),
        ("demo", "demo-image", 2, 1, 0, 5, Decimal("0.0")),
    ]
    assert usage["total"] == {"jobs": 8, "succeeded": 3, "failed": 3, "credits": 25, "failure_rate": Decimal("50.0")}


def test_support_figures_give_open_overdue_median_first_response_and_satisfaction(shop_week):
    assert support_figures(WEEK, now=NOW) == {
        "open": 4,
        "overdue": 2,
        "opened": 5,
        "answered": 4,
        "median_first_response": timedelta(minutes=67, seconds=30),  # median of 20, 45, 90 and 240 min
        "rated": 2,
        "satisfaction": Decimal("4.50"),
    }


def test_an_order_paid_at_23_30_utc_counts_on_the_next_paris_day(db):
    """In winter (UTC+1) and in summer (UTC+2) alike, the day is Paris's."""
    OrderFactory(status=Order.Status.PAID, paid_at=utc(3, 23, 30), total=Decimal("19.90"))
    OrderFactory(status=Order.Status.PAID, paid_at=utc(1, 22, 30, month=7), total=Decimal("19.90"))
    winter = revenue_per_day(Period(start=date(2026, 11, 3), end=date(2026, 11, 4)))
    summer = revenue_per_day(Period(start=date(2026, 7, 1), end=date(2026, 7, 2)))
    assert [day["orders"] for day in winter] == [0, 1]
    assert [day["orders"] for day in summer] == [0, 1]


def test_the_day_clocks_go_back_in_paris_has_25_hours(db):
    """25 Oct. 2026 runs from 22:00 UTC the day before (summer time) to 23:00 UTC (winter time)."""
    for paid in (
        utc(24, 21, 59, month=10),
        utc(24, 22, 0, month=10),
        utc(25, 22, 59, month=10),
        utc(25, 23, 0, month=10),
    ):
        OrderFactory(status=Order.Status.PAID, paid_at=paid, total=Decimal("19.90"))
    days = revenue_per_day(Period(start=date(2026, 10, 24), end=date(2026, 10, 26)))
    assert [day["orders"] for day in days] == [1, 2, 1]


def test_dashboard_figures_collects_every_figure_for_the_period(shop_week):
    with time_machine.travel(NOW, tick=False):
        figures = dashboard_figures(WEEK.start, WEEK.end)
    assert figures["sales"]["ttc"] == Decimal("205.50")
    assert figures["funnel"]["paid"] == 5
    assert figures["support"]["overdue"] == 2
    assert figures["computed_at"] == NOW
    assert len(figures["revenue"]) == len(figures["customers"]) == 7


def test_dashboard_figures_are_cached_per_period_for_dashboard_cache_seconds(settings, db):
    settings.DASHBOARD_CACHE_SECONDS = 300
    before = dashboard_figures(WEEK.start, WEEK.end)
    OrderFactory(status=Order.Status.PAID, paid_at=utc(2), total=Decimal("19.90"))
    assert dashboard_figures(WEEK.start, WEEK.end)["sales"] == before["sales"]
    assert dashboard_figures(WEEK.start, date(2026, 11, 8))["sales"]["orders"] == 1  # another period: computed

    settings.DASHBOARD_CACHE_SECONDS = 0
    assert dashboard_figures(WEEK.start, WEEK.end)["sales"]["orders"] == 1


def test_dashboard_figures_are_computed_when_the_cache_is_down(settings, db, redis_down):
    """A Redis outage turns the cache into misses: the figures are read from the database every time."""
    settings.DASHBOARD_CACHE_SECONDS = 300
    OrderFactory(status=Order.Status.PAID, paid_at=utc(2), total=Decimal("19.90"))
    assert dashboard_figures(WEEK.start, WEEK.end)["sales"]["ttc"] == Decimal("19.90")
