"""The cart page, its htmx fragments and plain-form fallbacks, "Add to cart", the mini-cart and the header badge."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from shop.cart_session import SESSION_KEY
from shop.context_processors import cart as cart_context
from shop.models import Cart, CartLine, Product, WishlistItem
from shop.services import wishlist_add
from tests.shop.cart_factories import AnonymousCartFactory, CartFactory, CartLineFactory, PromoCodeFactory
from tests.shop.factories import ProductFactory, ProductImageFactory
from tests.shop.review_support import customer_make

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def variant_make(price="19.90", stock=10, **fields):
    return ProductFactory(variant__price=Decimal(price), variant__stock=stock, **fields).variants.get()


def visitor_cart(client, *variants_quantities) -> Cart:
    """Fill an anonymous visitor's cart through the plain "Add to cart" form."""
    for variant, quantity in variants_quantities:
        client.post(reverse("shop:cart-add"), {"variant": variant.pk, "quantity": quantity})
    return Cart.objects.get(token=client.session[SESSION_KEY])


def html_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


# ---------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------
def test_an_empty_cart_page_invites_to_shop_and_creates_no_cart(client):
    html = html_of(client.get("/en/shop/cart/"))
    assert "Your cart is empty." in html
    assert not Cart.objects.exists()


def test_the_cart_page_shows_lines_amounts_vat_and_the_free_delivery_gap(client):
    variant = variant_make(name="Lampe Arc", variant__options={"couleur": "bleu"})
    ProductImageFactory(product=variant.product)
    visitor_cart(client, (variant, 2))
    html = html_of(client.get("/en/shop/cart/"))
    for text in (
        "Lampe Arc",
        "Couleur&nbsp;: bleu",
        "Unit price: €19.90",
        "€39.80",  # subtotal
        "Standard delivery (3-5 days)",
        "Only €10.20 more for free delivery.",
        "Total (VAT incl.)",
        "€44.70",
        "incl. VAT 20 % (on €37.25 excl. VAT)",
        "€7.45",
        'name="code"',
        "Cart: 2 items",
    ):
        assert text in html, text


def test_the_cart_page_speaks_french(client):
    visitor_cart(client, (variant_make(), 2))
    html = html_of(client.get("/shop/cart/"))
    assert '<html lang="fr">' in html
    assert "39,80" in html and "44,70" in html
    assert "Panier : 2 articles" in html


def test_the_checkout_button_follows_the_checkout_page(client):
    visitor_cart(client, (variant_make(), 1))
    html = html_of(client.get("/en/shop/cart/"))
    try:
        url = reverse("orders:checkout")
    except NoReverseMatch:
        url = None
    assert (f'href="{url}"' in html) if url else ("cart__checkout" not in html)


def test_an_unavailable_line_blocks_checkout_and_says_why(client):
    variant = variant_make(stock=5)
    visitor_cart(client, (variant, 3))
    type(variant).objects.filter(pk=variant.pk).update(stock=1)
    html = html_of(client.get("/en/shop/cart/"))
    assert "Only 1 left: lower the quantity to check out." in html
    assert "cart__checkout" not in html


def test_a_credit_pack_in_an_anonymous_cart_asks_to_sign_in_at_checkout(client):
    pack = ProductFactory(kind=Product.Kind.CREDIT_PACK, credits=100, variant__track_stock=False)
    visitor_cart(client, (pack.variants.get(), 1))
    assert "Sign in at checkout to receive these AI credits." in html_of(client.get("/en/shop/cart/"))


@pytest.mark.parametrize("count", [1, 10])
def test_the_cart_page_runs_a_constant_number_of_queries(client, count, django_assert_max_num_queries):
    user = customer_make()
    cart = CartFactory(user=user)
    for _index in range(count):
        product = ProductFactory()
        ProductImageFactory(product=product)
        CartLineFactory(cart=cart, variant=product.variants.get())
    cart.promo_code = PromoCodeFactory()
    cart.save()
    client.force_login(user)
    with django_assert_max_num_queries(9):  # 8, plus the header bell's unread count (notifications)
        response = client.get("/en/shop/cart/")
    assert len(response.context["summary"].items) == count


# ---------------------------------------------------------------------------
# Changes: htmx fragments and plain forms
# ---------------------------------------------------------------------------
def test_htmx_quantity_change_returns_the_cart_and_the_new_badge(client):
    cart = visitor_cart(client, (variant_make(), 1))
    line = cart.lines.get()
    html = html_of(client.post(f"/en/shop/cart/lines/{line.pk}/", {"quantity": "3"}, **HTMX))
    assert html.lstrip().startswith('<div class="cart" id="cart-content">')
    assert "<html" not in html
    assert 'id="cart-badge" hx-swap-oob="true"' in html and "Cart: 3 items" in html
    assert "quantity changed to 3" in html
    assert CartLine.objects.get(pk=line.pk).quantity == 3


def test_htmx_refusal_is_shown_next_to_the_line_and_changes_nothing(client):
    cart = visitor_cart(client, (variant_make(stock=4), 2))
    line = cart.lines.get()
    for quantity, message in (("9", "Only 4 units"), ("0", "at least 1"), ("abc", "at least 1")):
        html = html_of(client.post(f"/en/shop/cart/lines/{line.pk}/", {"quantity": quantity}, **HTMX))
        assert f'id="cart-line-error-{line.pk}" role="alert">' in html and message in html
    assert CartLine.objects.get(pk=line.pk).quantity == 2


def test_plain_form_quantity_change_redirects_to_the_cart_with_a_message(client):
    cart = visitor_cart(client, (variant_make(stock=4), 1))
    line = cart.lines.get()
    response = client.post(f"/en/shop/cart/lines/{line.pk}/", {"quantity": "2"})
    assert response.status_code == 302 and response["Location"] == "/en/shop/cart/"
    refused = client.post(f"/en/shop/cart/lines/{line.pk}/", {"quantity": "40"}, follow=True)
    assert "Only 4 units" in refused.content.decode()
    assert CartLine.objects.get(pk=line.pk).quantity == 2


def test_remove_and_another_visitors_line(client):
    cart = visitor_cart(client, (variant_make(), 1), (variant_make(), 1))
    first, second = cart.lines.order_by("pk")
    html = html_of(client.post(f"/en/shop/cart/lines/{first.pk}/remove/", **HTMX))
    assert "Cart: 1 item" in html
    foreign = CartLineFactory(cart=AnonymousCartFactory())
    refused = html_of(client.post(f"/en/shop/cart/lines/{foreign.pk}/remove/", **HTMX))
    assert "This line is not in your cart." in refused
    assert list(CartLine.objects.values_list("pk", flat=True).order_by("pk")) == [second.pk, foreign.pk]


def test_move_to_wishlist_for_a_signed_in_customer(client):
    user = customer_make()
    client.force_login(user)
    line = CartLineFactory(cart=CartFactory(user=user))
    html = html_of(client.post(f"/en/shop/cart/lines/{line.pk}/wishlist/", **HTMX))
    assert "saved in your wishlist" in html
    assert WishlistItem.objects.filter(user=user, product=line.variant.product).exists()
    assert not CartLine.objects.exists()


def test_move_to_wishlist_asks_a_visitor_to_sign_in(client):
    line = visitor_cart(client, (variant_make(), 1)).lines.get()
    response = client.post(f"/shop/cart/lines/{line.pk}/wishlist/")
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert CartLine.objects.filter(pk=line.pk).exists()


def test_promo_form_applies_a_code_and_explains_a_refusal(client):
    visitor_cart(client, (variant_make(price="20.00"), 2))
    PromoCodeFactory(code="DIX", value=Decimal("10"))
    PromoCodeFactory(code="BIG", min_order_total=Decimal("500.00"))
    applied = html_of(client.post("/en/shop/cart/promo/", {"code": "dix"}, **HTMX))
    assert "Discount (DIX)" in applied and "\u2212€4.00" in applied
    refused = html_of(client.post("/en/shop/cart/promo/", {"code": "big"}, **HTMX))
    assert 'id="cart-promo-error" role="alert">This promo code needs an order of at least' in refused
    assert 'value="big"' in refused and "Discount (DIX)" in refused  # the typed code, and the previous one kept
    removed = html_of(client.post("/en/shop/cart/promo/remove/", **HTMX))
    assert "Discount (" not in removed


def test_promo_form_without_a_cart_says_the_code_does_not_apply(client):
    PromoCodeFactory(code="DIX")
    html = html_of(client.post("/en/shop/cart/promo/", {"code": "DIX"}, **HTMX))
    assert "does not apply to the products in your cart" in html
    assert not Cart.objects.filter(lines__isnull=False).exists()


# ---------------------------------------------------------------------------
# "Add to cart", mini-cart, badge
# ---------------------------------------------------------------------------
def test_product_page_add_to_cart_without_javascript(client):
    variant = variant_make(slug="lampe")
    html = html_of(client.get("/en/shop/p/lampe/"))
    assert f'name="variant" value="{variant.pk}" data-cart-variant' in html
    assert 'hx-post="/en/shop/cart/add/"' in html and 'src="/static/js/cart.js"' in html
    response = client.post("/en/shop/cart/add/", {"variant": variant.pk, "quantity": "2", "next": "/en/shop/p/lampe/"})
    assert response.status_code == 302 and response["Location"] == "/en/shop/cart/"
    assert Cart.objects.get(token=client.session[SESSION_KEY]).lines.get().quantity == 2


def test_product_page_add_to_cart_refusal_goes_back_with_a_message(client):
    variant = variant_make(slug="lampe", stock=1)
    response = client.post(
        "/en/shop/cart/add/", {"variant": variant.pk, "quantity": "5", "next": "/en/shop/p/lampe/"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/en/shop/p/lampe/"
    assert "Only 1 unit of" in response.content.decode()
    assert not CartLine.objects.exists()


def test_htmx_add_to_cart_shows_the_mini_cart_and_updates_the_badge(client):
    variant = variant_make(name="Lampe")
    html = html_of(client.post("/en/shop/cart/add/", {"variant": variant.pk, "quantity": "1"}, **HTMX))
    assert "Lampe is in your cart." in html
    assert 'id="cart-badge" hx-swap-oob="true"' in html and "Cart: 1 item" in html
    assert 'href="/en/shop/cart/"' in html
    refused = html_of(client.post("/en/shop/cart/add/", {"variant": variant.pk, "quantity": "0"}, **HTMX))
    assert 'role="alert">Enter a whole number of at least 1.' in refused and "hx-swap-oob" not in refused


def test_a_sold_out_variant_cannot_be_added_from_its_page(client):
    ProductFactory(slug="vide", variant__stock=0)
    assert "data-cart-add-button disabled" in html_of(client.get("/shop/p/vide/"))


def test_the_wishlist_offers_add_to_cart(client):
    user = customer_make()
    product = ProductFactory()
    wishlist_add(user=user, product=product)
    client.force_login(user)
    html = html_of(client.get("/shop/wishlist/"))
    assert f'name="variant" value="{product.default_variant.pk}"' in html


def test_the_mini_cart_lists_the_lines(client):
    visitor_cart(client, (variant_make(name="Lampe"), 2))
    html = html_of(client.get("/en/shop/cart/mini/"))
    assert "2 \u00d7 Lampe" in html and "View my cart" in html and "<html" not in html


def test_the_header_badge_links_the_mini_cart_on_every_page(client):
    html = html_of(client.get("/en/"))
    assert 'hx-get="/en/shop/cart/mini/"' in html and 'id="cart-badge"' in html and "Cart: 0 items" in html


def _request(user=None, token=None):
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    request.session = SessionStore()
    if token:
        request.session[SESSION_KEY] = token
    return request


def test_the_badge_count_costs_no_query_for_a_visitor_without_a_cart(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert cart_context(_request())["cart_count"]() == 0


def test_the_badge_count_costs_one_query_and_is_remembered(django_assert_num_queries):
    cart = AnonymousCartFactory()
    CartLineFactory(cart=cart, quantity=4)
    user_cart = CartFactory()
    CartLineFactory(cart=user_cart, quantity=2)
    count = cart_context(_request(token=cart.token))["cart_count"]
    with django_assert_num_queries(1):
        assert count() == 4 and count() == 4
    with django_assert_num_queries(1):
        assert cart_context(_request(user=user_cart.user))["cart_count"]() == 2
