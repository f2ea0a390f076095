"""The checkout page through the test client: signed in with a saved address, as a guest, and each refusal."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.services import address_create
from orders.models import Order
from shop.models import CartLine
from tests.orders.factories import ADDRESS
from tests.shop.factories import ProductFactory

pytestmark = pytest.mark.django_db

CHECKOUT = "/en/orders/checkout/"


def _add(client, product, quantity: int = 1) -> None:
    response = client.post("/shop/cart/add/", {"variant": product.default_variant.pk, "quantity": quantity})
    assert response.status_code == 302


def _new_address(prefix: str, **changes) -> dict:
    return {f"{prefix}-{name}": value for name, value in {**ADDRESS, **changes}.items()}


def _form(client, **fields) -> dict:
    """Return the page's defaults (key, total, method...) merged with ``fields``, as a browser would send them."""
    context = client.get(CHECKOUT).context
    form, summary = context["form"], context["summary"]
    data = {
        "email": form.initial.get("email", ""),
        "checkout_key": form.initial["checkout_key"],
        "expected_total": str(summary.totals.total),
        "shipping_method": summary.totals.shipping_method if summary.totals.needs_shipping else "",
        "shipping_choice": form.initial["shipping_choice"],
        "billing_choice": form.initial["billing_choice"],
        "billing_same": "on",
    }
    data.update(fields)
    return {name: value for name, value in data.items() if value is not None}


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    return client


def test_an_empty_cart_goes_back_to_the_cart(client):
    response = client.get(CHECKOUT)
    assert response.status_code == 302 and response["Location"] == "/en/shop/cart/"


def test_the_page_shows_every_amount_and_the_delivery_choices(signed_in, user, physical):
    _add(signed_in, physical, 2)
    response = signed_in.get(CHECKOUT)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    html = response.content.decode()
    assert f'value="{user.email}"' in html
    assert 'name="shipping_method" value="standard" checked' in html and 'value="express"' in html
    assert "€4.90" in html and "€12.90" in html  # each method with its price
    assert (
        "2 \N{MULTIPLICATION SIGN} Lampe" in html and "€40.00" in html and "€44.90" in html
    )  # lines and total VAT incl.
    assert "incl. VAT 20 %" in html and "€7.48" in html
    assert 'name="expected_total" value="44.90"' in html
    assert 'name="checkout_key"' in html and "Place order" in html
    assert 'name="shipping-line1"' in html and "required" not in html.split('name="shipping-line1"')[1].split(">")[0]


def test_the_review_follows_the_delivery_method(signed_in, physical):
    _add(signed_in, physical, 1)
    fragment = signed_in.get("/en/orders/checkout/review/", {"shipping_method": "express"})
    html = fragment.content.decode()
    assert 'id="checkout-review"' in html and "€12.90" in html and 'value="32.90"' in html


def test_a_signed_in_customer_orders_with_a_saved_address(signed_in, user, physical):
    saved = address_create(user=user, data={**ADDRESS, "full_name": "Camille Martin", "city": "Lyon"})
    _add(signed_in, physical, 1)
    response = signed_in.post(CHECKOUT, _form(signed_in, shipping_choice=str(saved.pk)))
    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/en/orders/{order.number}/"
    assert order.shipping_address["city"] == "Lyon" and order.billing_address == order.shipping_address
    assert order.user == user and order.language == "en"
    page = signed_in.get(response["Location"])
    assert "Thank you! Order" in page.content.decode() and "Awaiting payment" in page.content.decode()


def test_a_new_address_and_a_separate_billing_address(signed_in, physical):
    _add(signed_in, physical, 1)
    data = _form(
        signed_in,
        shipping_choice="new",
        billing_same=None,
        billing_choice="new",
        **_new_address("shipping"),
        **_new_address("billing", full_name="Société Exemple", company="Exemple SARL"),
    )
    assert signed_in.post(CHECKOUT, data).status_code == 302
    order = Order.objects.get()
    assert order.shipping_address == ADDRESS and order.billing_address["company"] == "Exemple SARL"


def test_a_guest_orders_and_lands_on_a_signed_order_page(client, physical):
    _add(client, physical, 1)
    data = _form(client, email="invite@example.com", shipping_choice="new", **_new_address("shipping"))
    response = client.post(CHECKOUT, data)
    order = Order.objects.get()
    assert order.user is None and order.email == "invite@example.com"
    assert response["Location"].startswith(f"/en/orders/{order.number}/?t=")
    page = client.get(response["Location"])
    assert page.status_code == 200 and order.number in page.content.decode()
    assert client.get(f"/en/orders/{order.number}/").status_code == 404  # no token, no account: not theirs


def test_a_double_submit_places_one_order(signed_in, user, physical):
    address_create(user=user, data=ADDRESS)
    _add(signed_in, physical, 1)
    data = _form(signed_in)
    first = signed_in.post(CHECKOUT, data)
    _add(signed_in, physical, 1)  # even with a cart filled again, the same submission is the same order
    again = signed_in.post(CHECKOUT, data)
    assert first.status_code == again.status_code == 302 and first["Location"] == again["Location"]
    assert Order.objects.count() == 1


def test_an_invalid_new_address_is_shown_on_its_fields(client, physical):
    _add(client, physical, 1)
    data = _form(client, email="invite@example.com", **_new_address("shipping", postal_code="ABC", city=""))
    response = client.post(CHECKOUT, data)
    assert response.status_code == 400 and not Order.objects.exists()
    errors = response.context["shipping_form"].errors
    assert set(errors) == {"postal_code", "city"}


def test_a_total_changed_since_the_page_was_shown_is_confirmed_again(signed_in, user, physical):
    address_create(user=user, data=ADDRESS)
    _add(signed_in, physical, 1)
    data = _form(signed_in)
    physical.default_variant.price = Decimal("25.00")
    physical.default_variant.save()
    response = signed_in.post(CHECKOUT, data)
    html = response.content.decode()
    assert response.status_code == 400 and not Order.objects.exists()
    assert "Prices or your cart changed" in html and 'name="expected_total" value="29.90"' in html
    assert signed_in.post(CHECKOUT, {**data, "expected_total": "29.90"}).status_code == 302


def test_stock_gone_meanwhile_is_explained(signed_in, user, physical):
    address_create(user=user, data=ADDRESS)
    _add(signed_in, physical, 2)
    data = _form(signed_in)
    physical.default_variant.stock = 1
    physical.default_variant.save()
    response = signed_in.post(CHECKOUT, data)
    assert response.status_code == 400 and "Only 1 left of Lampe." in response.content.decode()
    assert CartLine.objects.filter(cart__user=user).exists()


def test_digital_goods_ask_for_no_delivery(client, digital):
    _add(client, digital, 1)
    page = client.get(CHECKOUT).content.decode()
    assert 'name="shipping_method"' not in page and "shipping-line1" not in page
    response = client.post(CHECKOUT, _form(client, email="lecteur@example.com"))
    order = Order.objects.get()
    assert response.status_code == 302 and order.shipping_method == "none" and order.billing_address == {}


def test_a_guest_buying_credits_is_asked_to_sign_in(client, credit_pack):
    _add(client, credit_pack, 1)
    response = client.post(CHECKOUT, _form(client, email="invite@example.com"))
    html = response.content.decode()
    assert response.status_code == 400 and "Sign in to buy an AI credit pack" in html
    assert reverse("account_login") in html and not Order.objects.exists()


def test_the_page_is_french_by_default(client, physical):
    _add(client, physical, 1)
    response = client.get("/orders/checkout/")
    assert response.status_code == 200 and '<html lang="fr">' in response.content.decode()
    assert "20,00" in response.content.decode()  # French number format


def test_the_cart_links_to_checkout(client, physical):
    _add(client, physical, 1)
    assert reverse("orders:checkout") in client.get("/shop/cart/").content.decode()


def test_prices_are_the_servers_whatever_the_form_says(signed_in, user):
    product = ProductFactory(variant__price=Decimal("30.00"))
    address_create(user=user, data=ADDRESS)
    _add(signed_in, product, 1)
    signed_in.post(CHECKOUT, _form(signed_in, unit_price="1.00", total="1.00"))
    assert Order.objects.get().total == Decimal("34.90")
