"""The cart services: every rule on lines and quantities, and every refused input leaving the cart as it was."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from shop.models import Cart, CartLine, Product, WishlistItem
from shop.services import (
    cart_add_line,
    cart_apply_promo,
    cart_clear,
    cart_get_or_create,
    cart_move_to_wishlist,
    cart_remove_line,
    cart_remove_promo,
    cart_set_quantity,
)
from tests.factories import UserFactory
from tests.shop.cart_factories import AnonymousCartFactory, CartFactory, CartLineFactory, PromoCodeFactory
from tests.shop.factories import CategoryFactory, ProductFactory
from webox.common.errors import ApplicationError, NotFound, PermissionDenied

pytestmark = pytest.mark.django_db


def variant_make(*, price="19.90", stock=10, track_stock=True, **product_fields):
    product = ProductFactory(variant__price=Decimal(price), variant__stock=stock, variant__track_stock=track_stock)
    if product_fields:
        Product.objects.filter(pk=product.pk).update(**product_fields)
    return product.variants.get()


def lines_of(cart: Cart) -> list[tuple[int, int]]:
    return list(CartLine.objects.filter(cart=cart).order_by("pk").values_list("variant_id", "quantity"))


# ---------------------------------------------------------------------------
# One cart per visitor
# ---------------------------------------------------------------------------
def test_a_customer_and_a_session_token_each_have_one_cart():
    user = UserFactory()
    assert cart_get_or_create(user=user) == cart_get_or_create(user=user)
    assert cart_get_or_create(token="abc") == cart_get_or_create(token="abc")
    assert Cart.objects.count() == 2


def test_a_cart_needs_a_customer_or_a_token():
    with pytest.raises(ValueError):
        cart_get_or_create()


# ---------------------------------------------------------------------------
# Adding
# ---------------------------------------------------------------------------
def test_adding_a_variant_again_adds_to_its_line():
    cart, variant = CartFactory(), variant_make()
    first = cart_add_line(cart=cart, variant_id=variant.pk, quantity=2)
    again = cart_add_line(cart=cart, variant_id=str(variant.pk), quantity="3")
    assert first.pk == again.pk
    assert lines_of(cart) == [(variant.pk, 5)]


@pytest.mark.parametrize("quantity", [0, -1, "abc", "", None, 1.5, "2.5", True, [1], "-3"])
def test_a_quantity_that_is_not_a_positive_whole_number_is_refused(quantity):
    cart, variant = CartFactory(), variant_make()
    CartLineFactory(cart=cart, variant=variant, quantity=1)
    with pytest.raises(ApplicationError) as refused:
        cart_add_line(cart=cart, variant_id=variant.pk, quantity=quantity)
    assert refused.value.code == "invalid_quantity"
    assert refused.value.extra["fields"]["quantity"] == [refused.value.message]
    assert lines_of(cart) == [(variant.pk, 1)]


def test_more_than_999_of_one_product_is_refused():
    cart, variant = CartFactory(), variant_make(track_stock=False)
    with pytest.raises(ApplicationError) as refused:
        cart_add_line(cart=cart, variant_id=variant.pk, quantity=1000)
    assert refused.value.code == "invalid_quantity"
    assert "999" in refused.value.message
    assert lines_of(cart) == []


def test_more_than_the_stock_is_refused_saying_how_many_are_left(english):
    cart, variant = CartFactory(), variant_make(stock=3)
    cart_add_line(cart=cart, variant_id=variant.pk, quantity=2)
    with pytest.raises(ApplicationError) as refused:
        cart_add_line(cart=cart, variant_id=variant.pk, quantity=2)  # 4 in all
    assert refused.value.code == "out_of_stock"
    assert "Only 3 units" in refused.value.message
    assert refused.value.extra["fields"]["quantity"] == [refused.value.message]
    assert refused.value.extra["available"] == 3
    assert lines_of(cart) == [(variant.pk, 2)]


def test_a_sold_out_variant_is_refused(english):
    cart, variant = CartFactory(), variant_make(stock=0)
    with pytest.raises(ApplicationError) as refused:
        cart_add_line(cart=cart, variant_id=variant.pk, quantity=1)
    assert refused.value.code == "out_of_stock"
    assert "out of stock" in refused.value.message
    assert lines_of(cart) == []


def test_stock_is_not_a_limit_when_it_is_not_tracked():
    cart, variant = CartFactory(), variant_make(stock=0, track_stock=False)
    cart_add_line(cart=cart, variant_id=variant.pk, quantity=50)
    assert lines_of(cart) == [(variant.pk, 50)]


@pytest.mark.parametrize("case", ["inactive_product", "inactive_category", "unknown", "not_a_number"])
def test_a_product_not_on_sale_is_refused(case):
    cart, variant = CartFactory(), variant_make()
    if case == "inactive_product":
        Product.objects.filter(pk=variant.product_id).update(is_active=False)
    elif case == "inactive_category":
        category = CategoryFactory(is_active=False)
        Product.objects.filter(pk=variant.product_id).update(category=category)
    variant_id = {"unknown": 987654, "not_a_number": "abc"}.get(case, variant.pk)
    with pytest.raises(ApplicationError) as refused:
        cart_add_line(cart=cart, variant_id=variant_id, quantity=1)
    assert refused.value.code == "not_purchasable"
    assert "variant" in refused.value.extra["fields"]
    assert lines_of(cart) == []


def test_a_credit_pack_may_wait_in_an_anonymous_cart():
    pack = ProductFactory(kind=Product.Kind.CREDIT_PACK, credits=500, variant__track_stock=False)
    cart = AnonymousCartFactory()
    cart_add_line(cart=cart, variant_id=pack.variants.get().pk, quantity=1)
    assert cart.lines.count() == 1


# ---------------------------------------------------------------------------
# Changing and removing lines
# ---------------------------------------------------------------------------
def test_set_quantity_changes_the_line_within_the_stock():
    cart, variant = CartFactory(), variant_make(stock=4)
    line = CartLineFactory(cart=cart, variant=variant, quantity=1)
    cart_set_quantity(cart=cart, line_id=line.pk, quantity=4)
    assert lines_of(cart) == [(variant.pk, 4)]
    with pytest.raises(ApplicationError) as refused:
        cart_set_quantity(cart=cart, line_id=line.pk, quantity=5)
    assert refused.value.code == "out_of_stock"
    assert lines_of(cart) == [(variant.pk, 4)]


@pytest.mark.parametrize("quantity", [0, -2, "x"])
def test_set_quantity_refuses_a_bad_quantity(quantity):
    cart = CartFactory()
    line = CartLineFactory(cart=cart, quantity=2)
    with pytest.raises(ApplicationError) as refused:
        cart_set_quantity(cart=cart, line_id=line.pk, quantity=quantity)
    assert refused.value.code == "invalid_quantity"
    assert lines_of(cart) == [(line.variant_id, 2)]


def test_set_quantity_of_a_product_no_longer_sold_is_refused():
    cart = CartFactory()
    line = CartLineFactory(cart=cart, quantity=2)
    Product.objects.filter(pk=line.variant.product_id).update(is_active=False)
    with pytest.raises(ApplicationError) as refused:
        cart_set_quantity(cart=cart, line_id=line.pk, quantity=1)
    assert refused.value.code == "not_purchasable"


def test_another_carts_line_or_an_unknown_line_is_not_found():
    mine, theirs = CartFactory(), CartFactory()
    their_line = CartLineFactory(cart=theirs, quantity=2)
    for line_id in (their_line.pk, 999999, "abc"):
        with pytest.raises(NotFound) as set_refused:
            cart_set_quantity(cart=mine, line_id=line_id, quantity=1)
        with pytest.raises(NotFound) as remove_refused:
            cart_remove_line(cart=mine, line_id=line_id)
        assert set_refused.value.code == remove_refused.value.code == "cart_line_not_found"
    assert lines_of(theirs) == [(their_line.variant_id, 2)]


def test_remove_line_takes_it_out():
    cart = CartFactory()
    line, other = CartLineFactory(cart=cart), CartLineFactory(cart=cart)
    cart_remove_line(cart=cart, line_id=line.pk)
    assert lines_of(cart) == [(other.variant_id, 1)]


# ---------------------------------------------------------------------------
# Promo code on the cart, clear, wishlist
# ---------------------------------------------------------------------------
def test_apply_keeps_the_code_and_a_refused_code_leaves_the_previous_one():
    cart = CartFactory()
    CartLineFactory(cart=cart, quantity=1)  # 19.90
    good = PromoCodeFactory(code="BIENVENUE")
    PromoCodeFactory(code="GROS", min_order_total=Decimal("100.00"))
    cart_apply_promo(cart=cart, code="bienvenue")
    with pytest.raises(ApplicationError) as refused:
        cart_apply_promo(cart=cart, code="GROS")
    assert refused.value.code == "promo_minimum_not_met"
    assert Cart.objects.get(pk=cart.pk).promo_code == good
    cart_remove_promo(cart=cart)
    assert Cart.objects.get(pk=cart.pk).promo_code is None


def test_clear_empties_the_cart_and_drops_the_code_but_keeps_the_cart():
    cart = CartFactory(promo_code=PromoCodeFactory())
    CartLineFactory.create_batch(3, cart=cart)
    cart_clear(cart=cart)
    cart.refresh_from_db()
    assert (cart.lines.count(), cart.promo_code) == (0, None)


def test_move_to_wishlist_saves_the_product_and_removes_the_line():
    cart = CartFactory()
    line = CartLineFactory(cart=cart)
    cart_move_to_wishlist(cart=cart, line_id=line.pk, user=cart.user)
    assert WishlistItem.objects.filter(user=cart.user, product=line.variant.product).exists()
    assert lines_of(cart) == []


def test_move_to_wishlist_needs_a_signed_in_customer():
    cart = AnonymousCartFactory()
    line = CartLineFactory(cart=cart)
    with pytest.raises(PermissionDenied):
        cart_move_to_wishlist(cart=cart, line_id=line.pk, user=None)
    assert cart.lines.count() == 1


# ---------------------------------------------------------------------------
# Every change restarts the abandoned-cart clock
# ---------------------------------------------------------------------------
def _changes(cart: Cart, variant, line: CartLine) -> dict:
    promo = PromoCodeFactory(code="CLOCK")
    return {
        "add": lambda: cart_add_line(cart=cart, variant_id=variant.pk, quantity=1),
        "set": lambda: cart_set_quantity(cart=cart, line_id=line.pk, quantity=2),
        "remove": lambda: cart_remove_line(cart=cart, line_id=line.pk),
        "promo": lambda: cart_apply_promo(cart=cart, code=promo.code),
        "unpromo": lambda: cart_remove_promo(cart=cart),
        "clear": lambda: cart_clear(cart=cart),
        "wishlist": lambda: cart_move_to_wishlist(cart=cart, line_id=line.pk, user=cart.user),
    }


@pytest.mark.parametrize("change", ["add", "set", "remove", "promo", "unpromo", "clear", "wishlist"])
def test_every_change_touches_the_cart_and_resets_the_reminder(change):
    start = timezone.now() - timedelta(days=2)
    with time_machine.travel(start, tick=False):
        cart = CartFactory()
        line = CartLineFactory(cart=cart)
        variant = variant_make()
    Cart.objects.filter(pk=cart.pk).update(updated_at=start, reminder_sent_at=start)
    cart.refresh_from_db()
    _changes(cart, variant, line)[change]()
    cart.refresh_from_db()
    assert cart.updated_at > start + timedelta(days=1)
    assert cart.reminder_sent_at is None
