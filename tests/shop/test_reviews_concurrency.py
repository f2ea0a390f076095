"""Reviews posted at the same instant: the product's average and count miss none (PostgreSQL row lock).

SQLite has no ``SELECT ... FOR UPDATE`` (it writes one transaction at a time);
these tests run on PostgreSQL only (``DATABASE_URL=postgres://...``).
"""

from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.db import connection

from shop.models import Product, Review
from shop.services import review_create
from tests.concurrency import needs_postgresql, run_concurrently
from tests.shop.factories import ProductFactory
from tests.shop.review_support import buyer_make, purchases_recorded

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only(db, settings):
    needs_postgresql()
    with purchases_recorded(settings):
        yield


@contextmanager
def slow_review_inserts(seconds: float):
    """Make every review insert wait ``seconds`` inside its transaction (a database trigger), to widen
    the race: without the product's row lock each average would miss the others' reviews."""
    table = Review._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE OR REPLACE FUNCTION test_slow_insert() RETURNS trigger AS $$ "
            f"BEGIN PERFORM pg_sleep({seconds}); RETURN NEW; END $$ LANGUAGE plpgsql"
        )
        cursor.execute(
            f"CREATE TRIGGER test_slow_insert AFTER INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION test_slow_insert()"
        )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TRIGGER IF EXISTS test_slow_insert ON {table}")
            cursor.execute("DROP FUNCTION IF EXISTS test_slow_insert()")


def test_four_reviews_posted_at_once_all_count_in_the_average():
    product = ProductFactory()
    buyers = [buyer_make(product) for _ in range(4)]
    ratings = (5, 4, 2, 1)

    def post(index: int) -> None:
        body = "Posté en même temps."
        review_create(product=product, user=buyers[index], rating=ratings[index], title="Avis", body=body)

    with slow_review_inserts(0.2):
        results = run_concurrently(post, len(buyers))
    assert results == [None] * len(buyers)
    product = Product.objects.get(pk=product.pk)
    assert (product.rating_avg, product.rating_count) == (Decimal("3.00"), 4)
