"""Saving a product or a promo code never writes back the columns kept elsewhere (``maintained_fields``).

A product is often loaded some time before it is saved (a staff member's edit, a
service); meanwhile a sale may have emptied its stock (triggers on the variants), a
review changed its rating, an order its units sold, a checkout used the promo code.
The save must keep those.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import F

from shop.cart import cart_priced_lines
from shop.models import Product, ProductVariant, PromoCode
from shop.services import review_create
from shop.services.promotions import promo_redeem
from tests.shop.cart_factories import CartFactory, CartLineFactory, PromoCodeFactory
from tests.shop.factories import ProductFactory
from tests.shop.review_support import customer_make, purchase_record, purchases_recorded

pytestmark = pytest.mark.django_db


def test_a_product_loaded_before_a_sale_emptied_its_stock_keeps_it_empty_when_saved():
    if connection.vendor != "postgresql":
        pytest.skip("the listing columns are kept by PostgreSQL triggers: set DATABASE_URL=postgres://...")
    product = ProductFactory(variant__price=Decimal("10.00"), variant__stock=1)
    loaded = Product.objects.get(pk=product.pk)
    assert (loaded.listing_price, loaded.has_stock) == (Decimal("10.00"), True)
    ProductVariant.objects.filter(product=product).update(price=Decimal("12.00"), stock=0)  # as an order does

    loaded.name = "Veste renommée"
    loaded.save()

    product.refresh_from_db()
    assert product.name == "Veste renommée"
    assert (product.listing_price, product.has_stock) == (Decimal("12.00"), False)
    with connection.cursor() as cursor:  # the search copy agrees: the product is not listed "in stock"
        cursor.execute("SELECT has_stock, listing_price FROM shop_searchdocument WHERE product_id = %s", [product.pk])
        assert cursor.fetchone() == (False, Decimal("12.00"))


def test_a_product_loaded_before_a_review_and_a_sale_keeps_its_rating_and_units_sold_when_saved(settings):
    product = ProductFactory(sales_count=3)
    loaded = Product.objects.get(pk=product.pk)
    with purchases_recorded(settings):
        buyer = customer_make()
        purchase_record(buyer, product)
        review_create(product=product, user=buyer, rating=4, title="Bien", body="Conforme à la photo.")
    Product.objects.filter(pk=product.pk).update(sales_count=F("sales_count") + 2)  # as a paid order does

    loaded.short_description = "Nouvelle accroche"
    loaded.save()

    product.refresh_from_db()
    assert product.short_description == "Nouvelle accroche"
    assert (product.rating_avg, product.rating_count, product.sales_count) == (Decimal("4.00"), 1, 5)


def test_a_new_product_is_saved_whole_and_an_explicit_update_fields_still_writes_a_kept_column():
    product = Product(name="Lampe", slug="lampe", category=ProductFactory().category, sales_count=7)
    product.save()
    assert Product.objects.get(pk=product.pk).sales_count == 7

    product.sales_count = 9
    product.save(update_fields=["sales_count"])
    assert Product.objects.get(pk=product.pk).sales_count == 9


def test_saving_a_product_loaded_with_few_fields_writes_those_in_one_query(django_assert_num_queries):
    product = ProductFactory(name="Avant", brand="Éole")
    partial = Product.objects.only("pk", "name").get(pk=product.pk)
    partial.name = "Après"
    with django_assert_num_queries(1):  # no query to load the deferred fields
        partial.save()
    product.refresh_from_db()
    assert (product.name, product.brand) == ("Après", "Éole")


def test_a_promo_code_loaded_before_a_checkout_used_it_keeps_the_use_when_saved():
    cart = CartFactory()
    CartLineFactory(cart=cart, quantity=1)
    promo = PromoCodeFactory(code="HIVER", usage_limit=100)
    loaded = PromoCode.objects.get(pk=promo.pk)
    lines = cart_priced_lines(cart)
    promo_redeem(promo_id=promo.pk, order_number="WBX-2026-000001", lines=lines, email="a@example.com")

    loaded.usage_limit = 50
    loaded.save()

    promo.refresh_from_db()
    assert (promo.usage_limit, promo.times_used) == (50, 1)
