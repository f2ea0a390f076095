"""Search engines: JSON-LD, OpenGraph, canonical URL and the sitemap."""

import json
import re
from decimal import Decimal

import pytest

from tests.shop.factories import CategoryFactory, ProductFactory, ProductImageFactory, ProductVariantFactory

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def _json_ld(html: str) -> dict[str, dict]:
    documents = [json.loads(block) for block in JSON_LD.findall(html)]
    return {document["@type"]: document for document in documents}


def test_product_json_ld_is_valid_json_with_offer_and_rating(client):
    product = ProductFactory(
        name='Lampe "Nuit" </script><b>', slug="lampe", brand="Lumen", category__name="Maison",
        variant__sku="LAMPE-1", variant__price=Decimal("49.90"), variant__stock=5,
        rating_avg=Decimal("4.50"), rating_count=12,
    )  # fmt: skip
    ProductImageFactory(product=product)
    html = client.get("/shop/p/lampe/").content.decode()
    data = _json_ld(html)
    offer = data["Product"]["offers"]
    assert data["Product"]["name"] == 'Lampe "Nuit" </script><b>'
    assert data["Product"]["sku"] == "LAMPE-1" and data["Product"]["brand"]["name"] == "Lumen"
    assert offer["price"] == "49.90" and offer["priceCurrency"] == "EUR"
    assert offer["availability"] == "https://schema.org/InStock"
    assert offer["url"] == "http://testserver/shop/p/lampe/"
    assert data["Product"]["image"][0].startswith("http://testserver/media/products/")
    assert data["Product"]["aggregateRating"]["ratingValue"] == "4.50"
    assert data["Product"]["aggregateRating"]["reviewCount"] == 12


def test_json_ld_cannot_close_its_script_element(client):
    ProductFactory(name="Bad </script><script>alert(1)</script>", slug="bad")
    html = client.get("/shop/p/bad/").content.decode()
    for block in JSON_LD.findall(html):
        assert "<" not in block
        json.loads(block)


def test_sold_out_offer_and_no_rating_without_reviews(client):
    ProductFactory(slug="lampe", variant__stock=0)
    product = _json_ld(client.get("/shop/p/lampe/").content.decode())["Product"]
    assert product["offers"]["availability"] == "https://schema.org/OutOfStock"
    assert "aggregateRating" not in product


def test_breadcrumb_list_follows_the_category_tree(client):
    parent = CategoryFactory(name="Maison", slug="maison")
    ProductFactory(name="Lampe", slug="lampe", category__name="Luminaires", category__slug="luminaires",
                   category__parent=parent)  # fmt: skip
    trail = _json_ld(client.get("/shop/p/lampe/").content.decode())["BreadcrumbList"]["itemListElement"]
    assert [item["name"] for item in trail] == ["Accueil", "Boutique", "Maison", "Luminaires", "Lampe"]
    assert [item["position"] for item in trail] == [1, 2, 3, 4, 5]
    assert trail[2]["item"] == "http://testserver/shop/c/maison/"


def test_opengraph_and_canonical_use_absolute_urls_without_query(client):
    product = ProductFactory(name="Lampe", slug="lampe", seo_description="Une lampe douce.")
    ProductImageFactory(product=product)
    html = client.get("/shop/p/lampe/?variant=1&utm_source=x").content.decode()
    assert '<link rel="canonical" href="http://testserver/shop/p/lampe/">' in html
    assert '<meta property="og:type" content="product">' in html
    assert '<meta property="og:url" content="http://testserver/shop/p/lampe/">' in html
    assert '<meta property="og:description" content="Une lampe douce.">' in html
    assert re.search(r'<meta property="og:image" content="http://testserver/media/products/[^"]+\.jpg">', html)


def test_sitemap_index_lists_sections_that_list_products_and_categories(client):
    ProductFactory(slug="lampe", category__slug="maison")
    ProductFactory(slug="retiree", is_active=False)
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    sections = re.findall(r"<loc>http://testserver(/sitemap-\w+\.xml)</loc>", index.content.decode())
    assert {"/sitemap-categories.xml", "/sitemap-products.xml"} <= set(sections)
    products = client.get("/sitemap-products.xml").content.decode()
    assert "<loc>http://testserver/shop/p/lampe/</loc>" in products
    assert "<loc>http://testserver/en/shop/p/lampe/</loc>" in products
    assert "<lastmod>" in products and "retiree" not in products
    assert "<loc>http://testserver/shop/c/maison/</loc>" in client.get("/sitemap-categories.xml").content.decode()


def test_category_page_has_canonical_opengraph_breadcrumb_and_item_list(client):
    """A category page tells search engines its address, its place in the tree and the products it lists."""
    parent = CategoryFactory(name="Maison", slug="maison")
    child = CategoryFactory(name="Luminaires", slug="luminaires", parent=parent, seo_description="Des lampes.")
    ProductFactory(name="Lampe", slug="lampe", category=child)
    ProductFactory(name="Applique", slug="applique", category=child)
    html = client.get("/shop/c/luminaires/?page=1&utm_source=x").content.decode()
    assert '<link rel="canonical" href="http://testserver/shop/c/luminaires/">' in html
    assert '<meta property="og:description" content="Des lampes.">' in html
    data = _json_ld(html)
    trail = data["BreadcrumbList"]["itemListElement"]
    assert [item["name"] for item in trail] == ["Accueil", "Boutique", "Maison", "Luminaires"]
    listed = data["CollectionPage"]["mainEntity"]["itemListElement"]
    assert {item["url"] for item in listed} == {"http://testserver/shop/p/lampe/", "http://testserver/shop/p/applique/"}
    assert data["CollectionPage"]["mainEntity"]["numberOfItems"] == 2


def test_a_product_with_several_versions_offers_each_in_an_aggregate_offer(client):
    """Every version's price reaches search engines, with the lowest and highest prices."""
    product = ProductFactory(slug="veste", variant__sku="VESTE-S", variant__price=Decimal("80.00"))
    ProductVariantFactory(product=product, sku="VESTE-L", price=Decimal("95.00"), stock=0, position=1)
    offers = _json_ld(client.get("/shop/p/veste/").content.decode())["Product"]["offers"]
    assert offers["@type"] == "AggregateOffer"
    assert (offers["lowPrice"], offers["highPrice"], offers["offerCount"]) == ("80.00", "95.00", 2)
    assert [(offer["sku"], offer["availability"]) for offer in offers["offers"]] == [
        ("VESTE-S", "https://schema.org/InStock"),
        ("VESTE-L", "https://schema.org/OutOfStock"),
    ]
