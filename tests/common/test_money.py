"""Money helpers: Decimal euros, commercial rounding, cents only at gateways."""

from decimal import Decimal

import pytest

from webox.common.money import from_cents, quantize, to_cents, vat_included


@pytest.mark.parametrize(
    ("amount", "expected"),
    [("19.995", "20.00"), ("19.994", "19.99"), ("0.005", "0.01"), ("12", "12.00")],
)
def test_quantize_rounds_half_up_to_the_cent(amount, expected):
    assert quantize(Decimal(amount)) == Decimal(expected)


def test_cents_round_trip():
    assert to_cents(Decimal("49.90")) == 4990
    assert from_cents(4990) == Decimal("49.90")
    assert to_cents(Decimal("0.015")) == 2


def test_vat_included_in_a_gross_price_at_twenty_percent():
    assert vat_included(Decimal("120.00")) == Decimal("20.00")
    assert vat_included(Decimal("9.99")) == Decimal("1.67")


def test_vat_included_at_another_rate():
    assert vat_included(Decimal("105.50"), Decimal("5.5")) == Decimal("5.50")
