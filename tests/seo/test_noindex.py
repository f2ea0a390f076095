"""Search results, account, cart and checkout pages ask search engines not to index them."""

import pytest

from tests.factories import UserFactory
from tests.seo.pages import page_head

pytestmark = pytest.mark.django_db


def _robots(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return page_head(response.content.decode()).meta("robots")


@pytest.mark.parametrize(
    "url",
    ["/shop/search/?q=lampe", "/en/shop/search/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"],
)
def test_search_results_and_sign_in_pages_are_not_indexed(client, catalogue, url):
    assert _robots(client, url) == ["noindex"]


def test_cart_and_checkout_are_not_indexed(client, catalogue):
    added = client.post("/shop/cart/add/", {"variant": catalogue.default_variant.pk, "quantity": 1})
    assert added.status_code == 302
    assert _robots(client, "/shop/cart/") == ["noindex"]
    assert _robots(client, "/orders/checkout/") == ["noindex"]


@pytest.mark.parametrize("url", ["/account/", "/account/addresses/", "/orders/", "/shop/wishlist/"])
def test_account_pages_are_not_indexed(client, url):
    client.force_login(UserFactory())
    assert _robots(client, url) == ["noindex"]
