"""order_place: a cart becomes an order awaiting payment, or nothing is written and the refusal has its code."""

import re
from decimal import Decimal

import pytest
from django.core import mail

from orders.models import Order, OrderEvent
from orders.services import checkout_key_make, order_mark_paid, order_place
from orders.signals import order_placed
from shop.models import Cart, CartLine, PromoCode, PromoRedemption
from shop.services.cart import cart_add_line, cart_get_or_create
from tests.factories import UserFactory
from tests.orders.factories import ADDRESS, order_place_for
from tests.shop.cart_factories import PromoCodeFactory
from tests.shop.factories import ProductFactory, ProductVariantFactory
from webox.common.errors import ApplicationError

pytestmark = pytest.mark.django_db


def _cart_with(user, *items) -> Cart:
    cart = cart_get_or_create(user=user)
    for product, quantity in items:
        cart_add_line(cart=cart, variant_id=product.default_variant.pk, quantity=quantity)
    return cart


def _place(cart, user, **choices) -> Order:
    arguments = {
        "cart": cart,
        "email": user.email if user else "guest@example.com",
        "shipping_address": dict(ADDRESS),
        "billing_address": None,
        "shipping_method": "standard",
        "user": user,
        **choices,
    }
    return order_place(**arguments)


def _refusal(excinfo) -> tuple[str, dict]:
    return excinfo.value.code, excinfo.value.extra


def test_order_place_creates_an_order_awaiting_payment_with_snapshots(
    user, physical, django_capture_on_commit_callbacks
):
    """The order has a human number, copies of the lines and addresses, totals, one event; the cart is emptied."""
    mug = ProductFactory(name="Mug", variant__price=Decimal("12.50"), variant__stock=3, variant__options={"c": "bleu"})
    cart = _cart_with(user, (physical, 2), (mug, 1))
    with django_capture_on_commit_callbacks(execute=True):
        order = _place(cart, user)
    order.refresh_from_db()
    assert re.fullmatch(rf"WBX-\d{{4}}-{order.pk:06d}", order.number)
    assert order.status == Order.Status.PENDING_PAYMENT and order.user == user and order.email == user.email
    assert order.shipping_address == ADDRESS and order.billing_address == ADDRESS
    assert (order.subtotal, order.discount_total, order.shipping_total) == (Decimal("52.50"), 0, 0)  # free above 50
    assert order.total == Decimal("52.50") and order.vat_total == Decimal("8.75")
    lines = list(order.lines.all())
    assert [(line.product_name, line.quantity, line.unit_price, line.line_total) for line in lines] == [
        ("Lampe", 2, Decimal("20.00"), Decimal("40.00")),
        ("Mug", 1, Decimal("12.50"), Decimal("12.50")),
    ]
    assert lines[1].variant_label == "bleu" and lines[1].sku == mug.default_variant.sku
    assert all(line.stock_reserved and line.vat_rate == Decimal("20.00") for line in lines)
    physical.default_variant.refresh_from_db()
    mug.default_variant.refresh_from_db()
    assert (physical.default_variant.stock, mug.default_variant.stock) == (8, 2)
    assert list(OrderEvent.objects.filter(order=order).values_list("from_status", "to_status")) == [
        ("", "pending_payment")
    ]
    assert not CartLine.objects.filter(cart=cart).exists()
    assert [message.to for message in mail.outbox] == [[user.email]]


def test_order_place_prices_lines_from_the_catalogue_at_placement(user, physical):
    """A price changed after the item went into the cart is the price of the order: the server prices, always."""
    cart = _cart_with(user, (physical, 1))
    physical.default_variant.price = Decimal("25.00")
    physical.default_variant.save()
    order = _place(cart, user, shipping_method="express")
    assert order.lines.get().unit_price == Decimal("25.00")
    assert (order.shipping_total, order.total) == (Decimal("12.90"), Decimal("37.90"))


def test_order_place_refuses_a_changed_total_when_the_customer_saw_another(user, physical):
    cart = _cart_with(user, (physical, 1))
    with pytest.raises(ApplicationError) as excinfo:
        _place(cart, user, expected_total=Decimal("10.00"))
    assert excinfo.value.code == "price_changed" and excinfo.value.status_code == 409
    assert excinfo.value.extra["total"] == "24.90"
    assert not Order.objects.exists()
    assert _place(cart, user, expected_total=Decimal("24.90")).total == Decimal("24.90")


def test_order_place_rejects_an_empty_cart(user):
    with pytest.raises(ApplicationError) as excinfo:
        _place(cart_get_or_create(user=user), user)
    assert excinfo.value.code == "empty_cart" and excinfo.value.status_code == 400


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"postal_code": "7501"}, "postal_code"),
        ({"full_name": ""}, "full_name"),
        ({"country": "France"}, "country"),
        ({"phone": "call me"}, "phone"),
    ],
)
def test_order_place_rejects_an_invalid_address_with_field_errors(user, physical, change, field):
    cart = _cart_with(user, (physical, 1))
    with pytest.raises(ApplicationError) as excinfo:
        _place(cart, user, shipping_address={**ADDRESS, **change})
    code, extra = _refusal(excinfo)
    assert code == "invalid_address"
    assert list(extra["fields"]["shipping_address"]) == [field]
    assert not Order.objects.exists() and CartLine.objects.filter(cart=cart).count() == 1


def test_order_place_needs_a_delivery_address_for_physical_goods(user, physical):
    cart = _cart_with(user, (physical, 1))
    with pytest.raises(ApplicationError) as excinfo:
        _place(cart, user, shipping_address=None)
    code, extra = _refusal(excinfo)
    assert code == "invalid_address" and "line1" in extra["fields"]["shipping_address"]


def test_order_place_checks_a_separate_billing_address_too(user, physical):
    cart = _cart_with(user, (physical, 1))
    with pytest.raises(ApplicationError) as excinfo:
        _place(cart, user, billing_address={**ADDRESS, "city": ""})
    assert list(excinfo.value.extra["fields"]) == ["billing_address"]
    assert list(excinfo.value.extra["fields"]["billing_address"]) == ["city"]
    order = _place(cart, user, billing_address={**ADDRESS, "full_name": "Société X", "company": "X"})
    assert order.billing_address["company"] == "X" and order.shipping_address == ADDRESS


def test_digital_goods_need_no_address_nor_shipping(digital):
    """A guest buys an eBook with an email only: no delivery, no shipping cost."""
    cart = cart_get_or_create(token="guest-token")
    cart_add_line(cart=cart, variant_id=digital.default_variant.pk, quantity=1)
    order = _place(cart, None, shipping_address=None, shipping_method="")
    assert order.user is None and order.email == "guest@example.com"
    assert order.shipping_method == "none" and order.shipping_address == {} and order.billing_address == {}
    assert order.total == Decimal("10.00")
    assert not order.lines.get().stock_reserved  # stock not tracked


def test_a_credit_pack_needs_a_signed_in_customer(credit_pack):
    cart = cart_get_or_create(token="guest-token")
    cart_add_line(cart=cart, variant_id=credit_pack.default_variant.pk, quantity=1)
    with pytest.raises(ApplicationError) as excinfo:
        _place(cart, None, shipping_address=None, shipping_method="none")
    assert excinfo.value.code == "sign_in_required" and excinfo.value.status_code == 403
    user = UserFactory()
    order = order_place_for(user, credit_pack)
    assert order.lines.get().credits == 500


@pytest.mark.parametrize("email", ["", "not-an-email", "a@b"])
def test_order_place_rejects_an_invalid_email(physical, email):
    cart = cart_get_or_create(token="guest-token")
    cart_add_line(cart=cart, variant_id=physical.default_variant.pk, quantity=1)
    with pytest.raises(ApplicationError) as excinfo:
        _place(cart, None, email=email)
    assert excinfo.value.code == "invalid_email" and "email" in excinfo.value.extra["fields"]


def test_a_signed_in_customer_without_email_field_gets_the_account_address(user, physical):
    order = _place(_cart_with(user, (physical, 1)), user, email="")
    assert order.email == user.email


@pytest.mark.parametrize("method", ["", "none", "teleport"])
def test_order_place_rejects_a_delivery_method_not_offered(user, physical, method):
    with pytest.raises(ApplicationError) as excinfo:
        _place(_cart_with(user, (physical, 1)), user, shipping_method=method)
    assert excinfo.value.code == "invalid_shipping_method"


def test_order_place_refuses_a_product_withdrawn_from_sale(user, physical):
    cart = _cart_with(user, (physical, 1))
    physical.is_active = False
    physical.save()
    with pytest.raises(ApplicationError) as excinfo:
        _place(cart, user)
    code, extra = _refusal(excinfo)
    assert code == "product_unavailable" and list(extra["fields"]["lines"]) == [physical.default_variant.sku]


def test_order_place_refuses_more_than_the_stock_naming_the_lines(user, physical, english):
    """Stock fell after the item went into the cart: 409 out_of_stock, nothing taken, the cart kept."""
    cart = _cart_with(user, (physical, 3))
    variant = physical.default_variant
    variant.stock = 2
    variant.save()
    with pytest.raises(ApplicationError) as excinfo:
        _place(cart, user)
    code, extra = _refusal(excinfo)
    assert code == "out_of_stock" and excinfo.value.status_code == 409
    assert extra["lines"] == [{"sku": variant.sku, "requested": 3, "available": 2}]
    assert "Only 2 left of Lampe." in excinfo.value.message
    variant.refresh_from_db()
    assert variant.stock == 2 and not Order.objects.exists() and CartLine.objects.filter(cart=cart).exists()


def test_untracked_stock_is_never_short(user):
    product = ProductFactory(variant__stock=0, variant__track_stock=False)
    order = _place(_cart_with(user, (product, 5)), user)
    assert order.lines.get().quantity == 5 and not order.lines.get().stock_reserved


def test_the_same_checkout_key_returns_the_same_order(user, physical):
    """A double click or a retried request: one order."""
    cart = _cart_with(user, (physical, 1))
    key = checkout_key_make(cart=cart, user=user, key="click-1")
    first = _place(cart, user, checkout_key=key)
    again = _place(cart, user, checkout_key=key)
    assert again.pk == first.pk and Order.objects.count() == 1


def test_checkout_keys_are_scoped_to_their_owner(physical):
    alice, bob = UserFactory(), UserFactory()
    assert checkout_key_make(cart=_cart_with(alice), user=alice, key="k") != checkout_key_make(
        cart=_cart_with(bob), user=bob, key="k"
    )


def test_a_promo_code_is_redeemed_with_the_order(user, physical):
    promo = PromoCodeFactory(code="BIENVENUE", value=Decimal("10"), usage_limit=5)
    order = order_place_for(user, (physical.default_variant, 2), promo=promo)
    assert order.promo_code == promo and order.promo_code_text == "BIENVENUE"
    assert (order.subtotal, order.discount_total, order.total) == (Decimal("40.00"), Decimal("4.00"), Decimal("40.90"))
    assert order.lines.get().discount == Decimal("4.00")
    redemption = PromoRedemption.objects.get()
    assert (redemption.order_number, redemption.amount, redemption.user) == (order.number, Decimal("4.00"), user)
    promo.refresh_from_db()
    assert promo.times_used == 1


def test_a_free_shipping_code_removes_the_delivery_cost(user, physical):
    promo = PromoCodeFactory(kind=PromoCode.Kind.FREE_SHIPPING, value=0)
    order = order_place_for(user, physical, promo=promo, shipping_method="express")
    assert (order.shipping_total, order.discount_total, order.total) == (0, 0, Decimal("20.00"))


def test_a_code_no_longer_valid_at_placement_refuses_the_order(user, physical):
    """The code ran out between the cart and the order: promo_invalid with the reason, nothing written."""
    promo = PromoCodeFactory(usage_limit=1)
    cart = _cart_with(user, (physical, 1))
    cart.promo_code = promo
    cart.save()
    PromoCode.objects.filter(pk=promo.pk).update(times_used=1)
    with pytest.raises(ApplicationError) as excinfo:
        _place(cart, user)
    code, extra = _refusal(excinfo)
    assert code == "promo_invalid" and extra["reason"] == "promo_limit_reached"
    assert "promo_code" in extra["fields"]
    physical.default_variant.refresh_from_db()
    assert not Order.objects.exists() and physical.default_variant.stock == 10
    assert CartLine.objects.filter(cart=cart).exists() and Cart.objects.get(pk=cart.pk).promo_code == promo


def test_order_placed_is_sent_after_commit_only(user, physical, django_capture_on_commit_callbacks):
    received = []

    def receiver(sender, order, **kwargs):
        received.append(order.number)

    order_placed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            order = order_place_for(user, physical)
        assert received == []
        for callback in callbacks:
            callback()
        assert received == [order.number]
    finally:
        order_placed.disconnect(receiver)


def test_lines_of_one_variant_twice_are_impossible_and_variants_of_one_product_are_separate(user):
    product = ProductFactory(variant__stock=4)
    other = ProductVariantFactory(product=product, stock=4, options={"taille": "L"})
    order = order_place_for(user, (product.default_variant, 2), (other, 3))
    assert sorted(order.lines.values_list("quantity", flat=True)) == [2, 3]
    other.refresh_from_db()
    assert other.stock == 1


def test_a_19_90_product_with_standard_delivery_can_be_ordered(user):
    product = ProductFactory(variant__price=Decimal("19.90"))
    assert order_place_for(user, product).total == Decimal("24.80")


def test_a_first_order_code_is_refused_on_a_second_paid_order(user, physical):
    """Orders answer shop's "ordered before?" question: a first-order code works once the history says so."""
    promo = PromoCodeFactory(first_order_only=True)
    order_mark_paid(order=order_place_for(user, physical, promo=promo))
    with pytest.raises(ApplicationError) as excinfo:
        order_place_for(user, physical, promo=promo)
    assert excinfo.value.code == "promo_invalid" and excinfo.value.extra["reason"] == "promo_first_order_only"
