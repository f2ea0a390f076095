"""Reading a cart (shop.cart): prices from today's catalogue, the stored code checked again, constant queries."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from shop.cart import cart_count, cart_count_for, cart_summary
from shop.models import Product, ProductVariant
from shop.services import cart_apply_promo, cart_set_quantity
from tests.shop.cart_factories import AnonymousCartFactory, CartFactory, CartLineFactory, PromoCodeFactory
from tests.shop.factories import CategoryFactory, ProductFactory, ProductImageFactory

pytestmark = pytest.mark.django_db

D = Decimal


def line_make(cart, *, price="10.00", quantity=1, stock=20, **product_fields):
    product = ProductFactory(variant__price=D(price), variant__stock=stock, **product_fields)
    return CartLineFactory(cart=cart, variant=product.variants.get(), quantity=quantity)


def test_an_absent_cart_reads_as_an_empty_one():
    summary = cart_summary(cart=None)
    assert summary.is_empty and summary.item_count == 0
    assert (summary.totals.total, summary.promo_code, summary.promo_error) == (D("0.00"), "", None)


def test_prices_are_read_from_the_variants_at_each_reading():
    cart = CartFactory()
    line = line_make(cart, price="19.90", quantity=2)
    assert cart_summary(cart=cart).totals.subtotal == D("39.80")
    ProductVariant.objects.filter(pk=line.variant_id).update(price=D("15.00"))
    summary = cart_summary(cart=cart)
    assert (summary.items[0].unit_price, summary.totals.subtotal) == (D("15.00"), D("30.00"))


def test_a_stored_code_no_longer_met_shows_why_and_gives_nothing(english):
    cart = CartFactory()
    line = line_make(cart, price="30.00", quantity=2)
    PromoCodeFactory(code="MINI50", min_order_total=D("50.00"), value=D("10"))
    cart_apply_promo(cart=cart, code="MINI50")
    assert cart_summary(cart=cart).totals.discount == D("6.00")
    cart_set_quantity(cart=cart, line_id=line.pk, quantity=1)
    summary = cart_summary(cart=cart)
    assert summary.promo_code == "MINI50"
    assert summary.promo_error.code == "promo_minimum_not_met"
    assert "at least" in summary.promo_error.message
    assert summary.totals.discount == D("0.00") and summary.totals.total == D("34.90")


def test_a_stored_code_that_expired_shows_why():
    cart = CartFactory()
    line_make(cart)
    promo = PromoCodeFactory(valid_until=timezone.now() + timedelta(hours=1))
    cart_apply_promo(cart=cart, code=promo.code)
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        summary = cart_summary(cart=cart, user=cart.user)
    assert summary.promo_error.code == "promo_expired"
    assert summary.totals.discount == 0


def test_the_discount_is_shared_over_the_lines_it_applies_to():
    cart = CartFactory()
    shoes = CategoryFactory()
    eligible = line_make(cart, price="40.00", category=shoes)
    other = line_make(cart, price="60.00")
    cart.promo_code = PromoCodeFactory(value=D("25"), categories=[shoes])
    cart.save()
    items = {item.id: item for item in cart_summary(cart=cart).items}
    assert (items[eligible.pk].discount, items[eligible.pk].total) == (D("10.00"), D("30.00"))
    assert items[other.pk].discount == D("0.00")


def test_a_line_no_longer_sold_is_shown_but_not_counted():
    cart = CartFactory()
    kept = line_make(cart, price="10.00")
    retired = line_make(cart, price="99.00")
    Product.objects.filter(pk=retired.variant.product_id).update(is_active=False)
    summary = cart_summary(cart=cart)
    items = {item.id: item for item in summary.items}
    assert not items[retired.pk].purchasable and not items[retired.pk].available
    assert items[kept.pk].available
    assert summary.totals.subtotal == D("10.00")
    assert not summary.all_available


def test_a_line_above_the_stock_left_is_flagged_unavailable():
    cart = CartFactory()
    line = line_make(cart, quantity=3, stock=5)
    ProductVariant.objects.filter(pk=line.variant_id).update(stock=2)
    (item,) = cart_summary(cart=cart).items
    assert not item.available and item.max_quantity == 2


def test_free_delivery_gap_and_shipping_choice():
    cart = CartFactory()
    line_make(cart, price="45.00")
    summary = cart_summary(cart=cart)
    assert (summary.totals.shipping, summary.free_shipping_gap) == (D("4.90"), D("5.00"))
    assert [o.method for o in summary.shipping_options] == ["standard", "express"]
    express = cart_summary(cart=cart, shipping_method="express")
    assert (express.totals.shipping, express.shipping_option.method) == (D("12.90"), "express")


def test_a_digital_only_cart_has_no_delivery_gap():
    cart = CartFactory()
    line_make(cart, kind=Product.Kind.DIGITAL)
    summary = cart_summary(cart=cart)
    assert (summary.totals.shipping_method, summary.free_shipping_gap) == ("none", None)


def test_counts_add_up_the_quantities():
    cart = AnonymousCartFactory()
    line_make(cart, quantity=2)
    line_make(cart, quantity=3)
    assert cart_count(cart) == 5 == cart_count_for(token=cart.token)
    assert cart_count(None) == 0 == cart_count_for(token=None)


def _cart_with_lines(count: int):
    cart = CartFactory()
    category = CategoryFactory()
    for _index in range(count):
        line = line_make(cart, category=category)
        ProductImageFactory(product=line.variant.product)
    cart.promo_code = PromoCodeFactory(categories=[category], per_customer_limit=1)
    cart.save()
    return cart


@pytest.mark.parametrize("count", [1, 10])
def test_the_summary_reads_in_a_constant_number_of_queries(count, django_assert_max_num_queries):
    cart = _cart_with_lines(count)
    user = cart.user
    with django_assert_max_num_queries(6):
        summary = cart_summary(cart=cart, user=user)
        assert [item.image.alt_text for item in summary.items]
    assert len(summary.items) == count and summary.totals.discount > 0
