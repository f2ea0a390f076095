"""Reviews posted at the same instant: the product's average and count miss none (PostgreSQL row lock).

SQLite has no ``SELECT ... FOR UPDATE`` (it writes one transaction at a time);
these tests run on PostgreSQL only (``DATABASE_URL=postgres://...``).
"""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, connections

from shop.models import Product, Review
from shop.services import review_create
from tests.shop.factories import ProductFactory
from tests.shop.review_support import buyer_make, purchases_recorded

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only(db, settings):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL: set DATABASE_URL=postgres://...")
    with purchases_recorded(settings):
        yield


def test_four_reviews_posted_at_once_all_count_in_the_average(monkeypatch):
    product = ProductFactory()
    buyers = [buyer_make(product) for _ in range(4)]
    original_save = Review.save

    def slow_save(self, *args, **kwargs):
        original_save(self, *args, **kwargs)
        time.sleep(0.2)  # widen the race: without the lock each average would miss the others' reviews

    monkeypatch.setattr(Review, "save", slow_save)
    barrier = threading.Barrier(len(buyers))
    errors: list[Exception] = []

    def post(user, rating):
        try:
            barrier.wait()
            review_create(product=product, user=user, rating=rating, title="Avis", body="Posté en même temps.")
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    ratings = zip(buyers, (5, 4, 2, 1), strict=True)
    threads = [threading.Thread(target=post, args=(user, rating)) for user, rating in ratings]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    product = Product.objects.get(pk=product.pk)
    assert (product.rating_avg, product.rating_count) == (Decimal("3.00"), 4)
