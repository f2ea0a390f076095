"""The home page: hero, categories, featured products, new arrivals and the latest posts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from blog.models import Post
from tests.blog.factories import PostFactory
from tests.shop.factories import CategoryFactory, ProductFactory, ProductImageFactory

pytestmark = pytest.mark.django_db


def test_home_shows_hero_and_links_to_every_area(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="hero"' in html
    assert 'href="/shop/"' in html and 'href="/studio/"' in html


def test_home_shows_categories_featured_and_new_products(client):
    maison = CategoryFactory(name="Maison")
    CategoryFactory(name="Rayon fermé", is_active=False)
    CategoryFactory(name="Sous-rayon", parent=maison)
    ProductFactory(name="Lampe vedette", category=maison, is_featured=True)
    ProductFactory(name="Nouveau plaid", category=maison)
    response = client.get("/")
    assert [category.name for category in response.context["categories"]] == ["Maison"]
    assert [product.name for product in response.context["featured_products"]] == ["Lampe vedette"]
    assert [product.name for product in response.context["new_products"]] == ["Nouveau plaid", "Lampe vedette"]
    html = response.content.decode()
    assert "Lampe vedette" in html and "Nouveau plaid" in html and "Rayon fermé" not in html


def test_home_shows_the_three_latest_visible_posts(client):
    now = timezone.now()
    titles = [PostFactory(title=f"Article {day}", published_at=now - timedelta(days=day)).title for day in range(1, 5)]
    PostFactory(title="Brouillon", status=Post.Status.DRAFT)
    PostFactory(title="Futur", status=Post.Status.SCHEDULED, published_at=now + timedelta(days=1))
    response = client.get("/")
    assert [post.title for post in response.context["latest_posts"]] == titles[:3]
    html = response.content.decode()
    assert titles[3] not in html and "Brouillon" not in html and "Futur" not in html


def test_home_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    for category in CategoryFactory.create_batch(8):
        for product in ProductFactory.create_batch(3, category=category, is_featured=True):
            ProductImageFactory(product=product)
    PostFactory.create_batch(5)
    with django_assert_max_num_queries(10):
        assert client.get("/").status_code == 200
