"""Fixtures of the order tests: products of each kind, customers, addresses, concurrency helpers."""

from decimal import Decimal

import pytest

from shop.models import Product
from tests.concurrency import needs_postgresql, run_concurrently  # noqa: F401 (re-exported for the tests here)
from tests.orders.factories import ADDRESS
from tests.shop.factories import ProductFactory


@pytest.fixture
def address() -> dict:
    return dict(ADDRESS)


@pytest.fixture
def physical(db) -> Product:
    """A physical product at 20.00 € with 10 units in stock.

    Round prices on purpose: on SQLite the ``orders_order_total_adds_up`` check
    adds amounts as floats, so 19.90 + 4.90 is refused (see test_checkout_service.py).
    """
    return ProductFactory(name="Lampe", variant__price=Decimal("20.00"), variant__stock=10)


@pytest.fixture
def digital(db) -> Product:
    """A digital product (an eBook) at 10.00 €, stock not tracked."""
    return ProductFactory(
        name="eBook", kind=Product.Kind.DIGITAL, variant__price=Decimal("10.00"), variant__track_stock=False
    )


@pytest.fixture
def credit_pack(db) -> Product:
    """A pack of 500 AI credits at 5.00 €, stock not tracked."""
    return ProductFactory(
        name="Pack 500 crédits",
        kind=Product.Kind.CREDIT_PACK,
        credits=500,
        variant__price=Decimal("5.00"),
        variant__track_stock=False,
    )
