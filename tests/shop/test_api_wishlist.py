"""GET/POST /api/v1/wishlist/ and DELETE /api/v1/wishlist/{product_slug}/: always the caller's own."""

import pytest
from rest_framework.test import APIClient

from shop.models import WishlistItem
from shop.services import wishlist_add
from tests.shop.factories import ProductFactory
from tests.shop.review_support import customer_make

pytestmark = pytest.mark.django_db

URL = "/api/v1/wishlist/"


def _api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_anonymous_requests_get_401():
    product = ProductFactory()
    for response in (
        _api().get(URL),
        _api().post(URL, {"product": product.slug}),
        _api().delete(f"{URL}{product.slug}/"),
    ):
        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"


def test_post_saves_a_product_and_again_changes_nothing():
    user, product = customer_make(), ProductFactory(name="Lampe")
    api = _api(user)
    first = api.post(URL, {"product": product.slug})
    assert first.status_code == 201
    assert first.json()["product"]["slug"] == product.slug
    assert first.json()["product"]["price"] == "19.90"
    again = api.post(URL, {"product": product.slug})
    assert again.status_code == 201 and again.json() == first.json()
    assert WishlistItem.objects.filter(user=user).count() == 1


def test_post_refuses_an_unknown_or_retired_product_with_a_field_error():
    api = _api(customer_make())
    retired = ProductFactory(is_active=False)
    for slug in ("nope", retired.slug):
        response = api.post(URL, {"product": slug})
        assert response.status_code == 400
        assert "product" in response.json()["fields"]
    assert not WishlistItem.objects.exists()


def test_list_shows_only_the_callers_items_paginated():
    alice, bob = customer_make(), customer_make()
    mine = ProductFactory()
    wishlist_add(user=alice, product=mine)
    wishlist_add(user=bob, product=ProductFactory())
    body = _api(alice).get(URL).json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert [item["product"]["slug"] for item in body["results"]] == [mine.slug]


def test_delete_removes_the_item_then_404():
    user, product = customer_make(), ProductFactory()
    wishlist_add(user=user, product=product)
    api = _api(user)
    assert api.delete(f"{URL}{product.slug}/").status_code == 204
    assert not WishlistItem.objects.exists()
    again = api.delete(f"{URL}{product.slug}/")
    assert again.status_code == 404
    assert again.json()["code"] == "not_in_wishlist"


def test_a_customer_cannot_delete_another_customers_item():
    alice, bob = customer_make(), customer_make()
    product = ProductFactory()
    wishlist_add(user=bob, product=product)
    response = _api(alice).delete(f"{URL}{product.slug}/")
    assert response.status_code == 404
    assert WishlistItem.objects.filter(user=bob, product=product).exists()


def test_delete_of_an_unknown_product_is_404():
    assert _api(customer_make()).delete(f"{URL}nope/").status_code == 404


def test_list_runs_a_constant_number_of_queries(django_assert_max_num_queries):
    user = customer_make()
    for product in ProductFactory.create_batch(15):
        wishlist_add(user=user, product=product)
    with django_assert_max_num_queries(4):
        response = _api(user).get(URL)
    assert response.json()["count"] == 15
