"""Stock status shown to customers: in stock, only N left (N ≤ 3), out of stock."""

import pytest

from shop.models import ProductVariant

Status = ProductVariant.StockStatus


@pytest.mark.parametrize(
    ("stock", "track_stock", "expected"),
    [
        (10, True, Status.IN_STOCK),
        (4, True, Status.IN_STOCK),
        (3, True, Status.LOW),
        (1, True, Status.LOW),
        (0, True, Status.OUT),
        (0, False, Status.IN_STOCK),
    ],
)
def test_variant_stock_status(stock, track_stock, expected):
    variant = ProductVariant(stock=stock, track_stock=track_stock)
    assert variant.stock_status == expected
    assert variant.is_available == (expected != Status.OUT)
