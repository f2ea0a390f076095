"""The compact search copy of each product (PostgreSQL).

A full-text search that matches a large part of the catalogue ("bio": one
product in seven) has to rank every match. Reading those matches from the wide
product rows (about 1.5 KB each) visits most of the product table; reading them
from this narrow copy visits a third as many pages. Database triggers on
``shop_product`` (migration 0009) keep one row per product here, with the
columns search, filters, sorts and category counts read; nothing in Python
writes it. On other databases (SQLite in development) it stays empty and search
reads the products directly.
"""

from decimal import Decimal

from django.contrib.postgres.search import SearchVectorField
from django.db import models

from .catalogue import Category, Product


class SearchDocument(models.Model):
    """What search needs of one product, copied by triggers: never edited, never deleted by Django."""

    product = models.OneToOneField(
        Product, primary_key=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    category = models.ForeignKey(
        Category, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    # The product is active and so is its category (a category's trigger keeps this right too).
    is_visible = models.BooleanField(default=True)
    kind = models.CharField(max_length=20)
    brand = models.CharField(max_length=80, blank=True)
    listing_price = models.DecimalField(max_digits=10, decimal_places=2, null=True)
    has_stock = models.BooleanField(default=False)
    rating_avg = models.DecimalField(max_digits=3, decimal_places=2, default=Decimal("0"))
    sales_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()
    search_vector = SearchVectorField(null=True)
    name_folded = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"search document of product {self.pk}"
