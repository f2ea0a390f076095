"""robots.txt points to the sitemap and keeps crawlers out of private areas in both languages."""

import pytest

pytestmark = pytest.mark.django_db


def _robots_txt(client) -> list[str]:
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    return response.content.decode().splitlines()


def test_robots_txt_points_to_the_sitemap(client):
    lines = _robots_txt(client)
    assert lines[0] == "User-agent: *"
    assert "Sitemap: http://testserver/sitemap.xml" in lines


@pytest.mark.parametrize("root", ["/", "/en/"])
def test_robots_txt_disallows_account_cart_checkout_and_orders_in_each_language(client, root):
    disallowed = {line.removeprefix("Disallow: ") for line in _robots_txt(client) if line.startswith("Disallow: ")}
    for area in ("account/", "accounts/", "shop/cart/", "orders/checkout/", "orders/"):
        assert root + area in disallowed


def test_robots_txt_disallows_admin_and_api_but_not_public_pages(client):
    disallowed = {line.removeprefix("Disallow: ") for line in _robots_txt(client) if line.startswith("Disallow: ")}
    assert {"/admin/", "/api/"} <= disallowed
    assert not {"/", "/shop/", "/en/", "/blog/", "/help/"} & disallowed


def test_robots_txt_answers_in_english_too(client):
    assert client.get("/en/robots.txt").status_code == 404
