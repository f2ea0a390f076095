"""Wishlist: the toggle button on product pages and cards, the wishlist page, the services."""

import re
from html import unescape as html_unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shop.models import WishlistItem
from shop.selectors import wishlist_list
from shop.services import wishlist_add, wishlist_remove
from tests.shop.factories import ProductFactory
from tests.shop.review_support import customer_make
from webox.common.errors import NotFound

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

WISHLIST_URL = "/shop/wishlist/"


def _toggle(client, product, action="add", **extra):
    url = reverse("shop:wishlist-toggle", kwargs={"slug": product.slug})
    return client.post(url, {"action": action, **extra.pop("data", {})}, **extra)


def test_wishlist_add_is_idempotent():
    user, product = customer_make(), ProductFactory()
    first, created = wishlist_add(user=user, product=product)
    again, created_again = wishlist_add(user=user, product=product)
    assert created and not created_again and first == again
    assert WishlistItem.objects.filter(user=user).count() == 1


def test_wishlist_remove_refuses_a_product_not_in_the_list():
    user, product = customer_make(), ProductFactory()
    with pytest.raises(NotFound) as refusal:
        wishlist_remove(user=user, product=product)
    assert refusal.value.code == "not_in_wishlist"


def test_wishlist_list_holds_only_the_users_own_visible_products():
    alice, bob = customer_make(), customer_make()
    mine, theirs, retired = ProductFactory(), ProductFactory(), ProductFactory()
    wishlist_add(user=alice, product=mine)
    wishlist_add(user=alice, product=retired)
    wishlist_add(user=bob, product=theirs)
    retired.is_active = False
    retired.save()
    assert [item.product for item in wishlist_list(user=alice)] == [mine]


def test_wishlist_page_requires_login(client):
    response = client.get(WISHLIST_URL)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_wishlist_page_lists_only_the_signed_in_customers_products(client):
    alice, bob = customer_make(), customer_make()
    wishlist_add(user=alice, product=ProductFactory(name="Lampe d'Alice"))
    wishlist_add(user=bob, product=ProductFactory(name="Vélo de Bob"))
    client.force_login(alice)
    html = client.get(WISHLIST_URL).content.decode()
    assert "Lampe d&#x27;Alice" in html and "Vélo de Bob" not in html
    assert "Remove from wishlist" in html


def test_empty_wishlist_page_says_so(client):
    client.force_login(customer_make())
    assert "Your wishlist is empty." in client.get(WISHLIST_URL).content.decode()


def test_toggle_adds_then_removes_and_goes_back(client):
    user, product = customer_make(), ProductFactory()
    client.force_login(user)
    response = _toggle(client, product, data={"next": "/shop/"})
    assert response.status_code == 302 and response["Location"] == "/shop/"
    _toggle(client, product)  # twice: still one entry
    assert WishlistItem.objects.filter(user=user, product=product).count() == 1
    page = client.get(product.get_absolute_url()).content.decode()
    assert "Remove from wishlist" in page
    response = _toggle(client, product, action="remove")
    assert response["Location"] == product.get_absolute_url()
    assert not WishlistItem.objects.filter(user=user).exists()
    assert "Add to wishlist" in client.get(product.get_absolute_url()).content.decode()


def test_toggle_never_redirects_to_another_site(client):
    client.force_login(customer_make())
    product = ProductFactory()
    response = _toggle(client, product, data={"next": "https://evil.example/"})
    assert response["Location"] == product.get_absolute_url()


def test_toggle_with_htmx_returns_the_new_button(client):
    client.force_login(customer_make())
    product = ProductFactory()
    response = _toggle(client, product, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith("<form") and "Remove from wishlist" in html
    assert 'name="action" value="remove"' in html


def test_toggle_requires_login_and_post(client):
    product = ProductFactory()
    response = _toggle(client, product)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    client.force_login(customer_make())
    assert client.get(reverse("shop:wishlist-toggle", kwargs={"slug": product.slug})).status_code == 405
    assert not WishlistItem.objects.exists()


def test_anonymous_visitors_see_a_login_link_instead_of_the_button(client):
    product = ProductFactory()
    html = client.get(product.get_absolute_url()).content.decode()
    assert reverse("shop:wishlist-toggle", kwargs={"slug": product.slug}) not in html
    assert f"{reverse('account_login')}?next=" in html and "Add to wishlist" in html


def test_every_card_of_a_listing_links_to_a_sign_in_that_comes_back_to_the_listing(client):
    ProductFactory.create_batch(3, name="Lampe")
    html = client.get("/shop/search/", {"q": "lampe", "ordering": "price"}).content.decode()
    links = {
        html_unescape(link)
        for link in re.findall(r'class="btn btn--secondary btn--small wishlist-toggle" href="([^"]+)"', html)
    }
    assert len(links) == 1
    url = urlsplit(links.pop())
    assert url.path == reverse("account_login")
    assert parse_qs(url.query)["next"] == ["/shop/search/?q=lampe&ordering=price"]


def test_header_links_to_the_wishlist(client):
    client.force_login(customer_make())
    assert f'href="{WISHLIST_URL}"' in client.get("/shop/").content.decode()


def test_cards_read_the_wishlist_once_whatever_its_size(client, settings):
    """The heart on each product card costs no query per card."""
    settings.SHOP_CATALOGUE_CACHE_SECONDS = 0  # both requests count the catalogue (the first would cache it)
    user = customer_make()
    products = ProductFactory.create_batch(12)
    client.force_login(user)
    wishlist_add(user=user, product=products[0])
    with CaptureQueriesContext(connection) as few:
        client.get("/shop/")
    for product in products[1:]:
        wishlist_add(user=user, product=product)
    with CaptureQueriesContext(connection) as many:
        html = client.get("/shop/").content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert html.count("Remove from wishlist") == 12
