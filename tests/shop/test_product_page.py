"""The product page: gallery, variant selector, related products, old slugs, query count."""

from decimal import Decimal

import pytest

from shop.models import ProductSlugRedirect
from shop.services.products import product_update
from tests.shop.factories import CategoryFactory, ProductFactory, ProductImageFactory, ProductVariantFactory

pytestmark = pytest.mark.django_db


def _jacket():
    product = ProductFactory(
        name="Veste", slug="veste", variant__sku="VESTE-S", variant__price=Decimal("80.00"), variant__stock=9,
        variant__options={"taille": "S"},
    )  # fmt: skip
    large = ProductVariantFactory(
        product=product, sku="VESTE-L", price=Decimal("95.00"), compare_at_price=Decimal("120.00"), stock=2,
        options={"taille": "L"}, position=1,
    )  # fmt: skip
    return product, large


def test_variant_query_parameter_picks_the_version_shown_without_javascript(client):
    product, large = _jacket()
    html = client.get(f"/en/shop/p/veste/?variant={large.pk}").content.decode()
    assert "95.00" in html and "120.00" in html and "Only 2 left" in html
    assert f'value="{large.pk}" checked' in html
    default_html = client.get("/en/shop/p/veste/?variant=nonsense").content.decode()
    assert f'value="{product.default_variant.pk}" checked' in default_html


def test_variants_data_block_carries_formatted_price_and_stock_for_the_script(client):
    _product, large = _jacket()
    response = client.get("/en/shop/p/veste/")
    html = response.content.decode()
    assert '<script id="product-variants" type="application/json">' in html
    assert 'src="/static/js/product.js" defer' in html
    data = {item["sku"]: item for item in response.context["variants_data"]}
    assert data["VESTE-L"] == {
        "id": large.pk, "sku": "VESTE-L", "price": "€95.00", "compare_at_price": "€120.00",
        "stock_status": "low", "stock_label": "Only 2 left",
    }  # fmt: skip
    assert data["VESTE-S"]["stock_label"] == "In stock"


def test_french_page_says_stock_in_french(client):
    ProductFactory(slug="lampe", variant__stock=0)
    assert "Rupture" in client.get("/shop/p/lampe/").content.decode()


def test_add_to_cart_posts_the_shown_variant(client):
    product = ProductFactory(slug="lampe")
    html = client.get("/en/shop/p/lampe/").content.decode()
    assert 'action="/en/shop/cart/add/"' in html
    assert f'name="variant" value="{product.default_variant.pk}"' in html and "next release" not in html


def test_gallery_has_main_picture_with_srcset_and_lazy_thumbnails(client):
    product = ProductFactory(slug="lampe")
    first = ProductImageFactory(product=product, alt_text="Face", position=0)
    ProductImageFactory(product=product, alt_text="Dos", position=1)
    first.thumbnails = {"320": "products/thumbs/face-320w.webp", "640": "products/thumbs/face-640w.webp"}
    first.save()
    html = client.get("/en/shop/p/lampe/").content.decode()
    assert 'srcset="/media/products/thumbs/face-320w.webp 320w, /media/products/thumbs/face-640w.webp 640w' in html
    assert 'id="product-main-image"' in html and 'fetchpriority="high"' in html
    assert html.count('loading="lazy"') == 2  # the two thumbnails, not the main picture


def test_related_products_share_the_category_or_a_tag_and_are_at_most_four(client):
    product = ProductFactory(slug="lampe", name="Lampe")
    product.tags.add("déco")
    same_category = ProductFactory.create_batch(2, category=product.category)
    tagged = ProductFactory(name="Vase")
    tagged.tags.add("déco")
    unrelated = ProductFactory(name="Sans rapport")
    related = client.get("/en/shop/p/lampe/").context["related_products"]
    assert set(related) == {*same_category, tagged}
    assert unrelated not in related
    ProductFactory.create_batch(5, category=product.category)
    assert len(client.get("/en/shop/p/lampe/").context["related_products"]) == 4


def test_product_page_stays_within_ten_queries_with_related_products(client, django_assert_max_num_queries):
    product = ProductFactory(slug="lampe", category__parent=CategoryFactory(parent=CategoryFactory()))
    ProductImageFactory.create_batch(4, product=product)
    ProductVariantFactory.create_batch(5, product=product)
    product.tags.add("déco", "éclairage")
    for other in ProductFactory.create_batch(6, category=product.category):
        ProductImageFactory(product=other)
        ProductVariantFactory(product=other)
    with django_assert_max_num_queries(10):
        assert client.get("/shop/p/lampe/").status_code == 200


def test_old_slug_answers_301_to_the_new_address(client):
    product = ProductFactory(slug="ancienne-lampe")
    product_update(product=product, slug="lampe-de-bureau")
    response = client.get("/shop/p/ancienne-lampe/?variant=3")
    assert response.status_code == 301
    assert response["Location"] == "/shop/p/lampe-de-bureau/?variant=3"
    assert client.get("/shop/p/lampe-de-bureau/").status_code == 200


def test_renaming_back_to_an_old_slug_stops_its_redirect(client):
    product = ProductFactory(slug="a")
    product_update(product=product, slug="b")
    product_update(product=product, slug="a")
    assert list(ProductSlugRedirect.objects.values_list("old_slug", flat=True)) == ["b"]
    assert client.get("/shop/p/a/").status_code == 200
    assert client.get("/shop/p/b/")["Location"] == "/shop/p/a/"


def test_old_slug_of_a_hidden_product_is_not_found(client):
    product = ProductFactory(slug="avant")
    product_update(product=product, slug="apres", is_active=False)
    assert client.get("/shop/p/avant/").status_code == 404
