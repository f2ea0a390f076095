"""Data behind the public pages that the SEO tests read."""

import pytest

from tests.shop.factories import CategoryFactory, ProductFactory
from tests.support.factories import FAQEntryFactory


@pytest.fixture
def catalogue(db):
    """One category with one product, and one published answer in each language."""
    category = CategoryFactory(name="Maison", slug="maison", description="Tout pour la maison.")
    product = ProductFactory(name="Lampe", slug="lampe", category=category, short_description="Une lampe douce.")
    FAQEntryFactory(question="Où est ma commande ?", slug="ou-est-ma-commande")
    FAQEntryFactory(question="Where is my order?", slug="where-is-my-order", language="en")
    return product
