"""Factories of the catalogue."""

from decimal import Decimal

import factory

from shop.models import Category, Product, ProductImage, ProductVariant


class CategoryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Catégorie {n}")
    slug = factory.Sequence(lambda n: f"categorie-{n}")

    class Meta:
        model = Category


class ProductVariantFactory(factory.django.DjangoModelFactory):
    product = factory.SubFactory("tests.shop.factories.ProductFactory", variant=None)
    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    price = Decimal("19.90")
    stock = 10

    class Meta:
        model = ProductVariant


class ProductFactory(factory.django.DjangoModelFactory):
    """A product with one default variant (``variant=None`` for none, ``variant__price=...`` to tune it)."""

    name = factory.Sequence(lambda n: f"Produit {n}")
    slug = factory.Sequence(lambda n: f"produit-{n}")
    category = factory.SubFactory(CategoryFactory)
    brand = "Marque Test"
    short_description = "Un produit de test."
    description = "Une **description** en Markdown."
    variant = factory.RelatedFactory(ProductVariantFactory, factory_related_name="product", is_default=True)

    class Meta:
        model = Product
        skip_postgeneration_save = True


class ProductImageFactory(factory.django.DjangoModelFactory):
    product = factory.SubFactory(ProductFactory)
    image = factory.django.ImageField(width=64, height=48, color="blue", filename="photo.jpg")
    alt_text = factory.Sequence(lambda n: f"Photo {n}")

    class Meta:
        model = ProductImage
