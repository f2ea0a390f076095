"""Cart arithmetic (shop.pricing): discount shares, VAT breakdown, shipping choices and totals."""

import random
from decimal import Decimal

import pytest

from shop.pricing import PricedLine, discount_allocate, shipping_options, totals_compute, vat_breakdown

D = Decimal


def line(price: str, quantity: int = 1, *, vat: str = "20.00", kind: str = "physical", index: int = 1) -> PricedLine:
    return PricedLine(
        variant_id=index,
        product_id=index,
        category_id=1,
        product_kind=kind,
        product_name=f"Produit {index}",
        variant_label="",
        sku=f"SKU-{index}",
        unit_price=D(price),
        vat_rate=D(vat),
        quantity=quantity,
    )


def test_discount_shares_add_up_to_the_cent_with_leftover_cents_to_the_largest_remainders():
    lines = [line("10.00", index=1), line("10.00", index=2), line("10.00", index=3)]
    shares = [item.discount for item in discount_allocate(lines, [True, True, True], D("10.00"))]
    assert shares == [D("3.34"), D("3.33"), D("3.33")]
    assert sum(shares) == D("10.00")


def test_discount_goes_only_to_eligible_lines_in_proportion_to_their_totals():
    lines = [line("30.00", index=1), line("10.00", index=2), line("60.00", index=3)]
    shares = [item.discount for item in discount_allocate(lines, [True, False, True], D("9.00"))]
    assert shares == [D("3.00"), D("0.00"), D("6.00")]


def test_discount_is_capped_by_the_eligible_goods():
    lines = [line("4.00", index=1), line("50.00", index=2)]
    shares = [item.discount for item in discount_allocate(lines, [True, False], D("10.00"))]
    assert shares == [D("4.00"), D("0.00")]


def test_discount_shares_always_sum_exactly_whatever_the_amounts():
    rng = random.Random(5)
    for _attempt in range(200):
        lines = [
            line(f"{rng.randint(1, 20000) / 100:.2f}", rng.randint(1, 5), index=index)
            for index in range(rng.randint(1, 7))
        ]
        eligible = [rng.random() < 0.7 for _line in lines]
        base = sum((item.line_total for item, ok in zip(lines, eligible, strict=True) if ok), D("0"))
        amount = D(f"{rng.randint(0, 30000) / 100:.2f}")
        shares = discount_allocate(lines, eligible, amount)
        assert sum(item.discount for item in shares) == min(amount, base)
        assert all(item.discount == 0 for item, ok in zip(shares, eligible, strict=True) if not ok)
        assert all(0 <= item.discount <= item.line_total for item in shares)


def test_vat_breakdown_groups_20_and_5_5_percent_lines_and_taxes_shipping_at_20():
    lines = [line("12.00", index=1), line("10.55", vat="5.50", index=2)]
    breakdown = vat_breakdown(lines, D("4.90"))
    assert [(v.rate, v.gross, v.net, v.vat) for v in breakdown] == [
        (D("5.50"), D("10.55"), D("10.00"), D("0.55")),
        (D("20.00"), D("16.90"), D("14.08"), D("2.82")),
    ]


def test_vat_breakdown_counts_lines_after_their_discount():
    lines = discount_allocate([line("24.00", index=1)], [True], D("12.00"))
    (vat,) = vat_breakdown(lines, D("0.00"))
    assert (vat.gross, vat.net, vat.vat) == (D("12.00"), D("10.00"), D("2.00"))


@pytest.mark.parametrize(
    ("merchandise", "standard"),
    [(D("49.99"), D("4.90")), (D("50.00"), D("0.00")), (D("120.00"), D("0.00"))],
)
def test_standard_delivery_is_free_from_the_threshold_express_never(merchandise, standard):
    options = {o.method: o.price for o in shipping_options(needs_shipping=True, merchandise=merchandise)}
    assert options == {"standard": standard, "express": D("12.90")}


def test_free_shipping_code_makes_every_method_free():
    options = shipping_options(needs_shipping=True, merchandise=D("10.00"), free_shipping=True)
    assert {o.price for o in options} == {D("0.00")}


def test_digital_goods_ship_nothing():
    (option,) = shipping_options(needs_shipping=False, merchandise=D("10.00"))
    assert (option.method, option.price) == ("none", D("0.00"))


def test_totals_pick_the_cheapest_delivery_unless_one_is_chosen():
    lines = [line("19.90", 2)]
    cheapest = totals_compute(lines=lines)
    express = totals_compute(lines=lines, shipping_method="express")
    unknown = totals_compute(lines=lines, shipping_method="teleport")
    assert (cheapest.shipping_method, cheapest.shipping, cheapest.total) == ("standard", D("4.90"), D("44.70"))
    assert (express.shipping_method, express.shipping, express.total) == ("express", D("12.90"), D("52.70"))
    assert unknown.shipping_method == "standard"


def test_totals_with_a_discount_below_the_threshold_pay_shipping():
    totals = totals_compute(lines=[line("25.00", 2)], discount=D("5.00"))
    assert (totals.subtotal, totals.discount, totals.shipping, totals.total) == (
        D("50.00"),
        D("5.00"),
        D("4.90"),
        D("49.90"),
    )
    assert sum(v.gross for v in totals.vat_lines) == totals.total
    assert totals.vat_total == sum(v.vat for v in totals.vat_lines)


def test_totals_of_a_digital_only_cart_have_no_shipping():
    totals = totals_compute(lines=[line("9.00", kind="digital")])
    assert (totals.shipping_method, totals.shipping, totals.total, totals.needs_shipping) == (
        "none",
        D("0.00"),
        D("9.00"),
        False,
    )
