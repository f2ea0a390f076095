"""The catalogue's back office: filters, bulk actions, slug redirects, picture upload, category tree."""

import io
from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from PIL import Image

from shop.models import Product, ProductSlugRedirect, ProductVariant
from tests.shop.factories import CategoryFactory, ProductFactory, ProductVariantFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/shop/product/"


def _action(client, action: str, products, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [product.pk for product in products], "index": 0, **extra}
    return client.post(CHANGELIST, data)


def test_change_price_asks_for_the_percentage_then_rounds_every_variant_to_the_cent(admin_client_verified):
    product = ProductFactory(variant__price=Decimal("19.99"))
    other = ProductVariantFactory(product=product, price=Decimal("10.00"))
    untouched = ProductFactory(variant__price=Decimal("50.00"))
    form = _action(admin_client_verified, "change_price", [product])
    assert form.status_code == 200 and 'name="percent"' in form.content.decode()
    done = _action(admin_client_verified, "change_price", [product], percent="10", apply="1")
    assert done.status_code == 302
    assert ProductVariant.objects.get(pk=product.default_variant.pk).price == Decimal("21.99")  # 21.989
    assert ProductVariant.objects.get(pk=other.pk).price == Decimal("11.00")
    assert untouched.default_variant.price == ProductVariant.objects.get(pk=untouched.default_variant.pk).price


def test_change_price_refuses_a_result_of_zero_and_changes_nothing(admin_client_verified):
    cheap = ProductFactory(variant__price=Decimal("0.01"), variant__sku="CHEAP")
    dear = ProductFactory(variant__price=Decimal("100.00"))
    response = _action(admin_client_verified, "change_price", [cheap, dear], percent="-99.99", apply="1")
    assert response.status_code == 302
    messages = [str(message) for message in response.wsgi_request._messages]
    assert any("CHEAP" in message for message in messages)
    assert ProductVariant.objects.get(sku="CHEAP").price == Decimal("0.01")
    assert ProductVariant.objects.get(product=dear).price == Decimal("100.00")


def test_change_price_refuses_a_price_too_high_to_store_and_changes_nothing(admin_client_verified):
    dear = ProductFactory(variant__price=Decimal("50000000.00"), variant__sku="YACHT")
    cheap = ProductFactory(variant__price=Decimal("10.00"))
    response = _action(admin_client_verified, "change_price", [dear, cheap], percent="100", apply="1")
    assert response.status_code == 302  # not a database error
    messages = [str(message) for message in response.wsgi_request._messages]
    assert any("YACHT" in message for message in messages)
    assert ProductVariant.objects.get(sku="YACHT").price == Decimal("50000000.00")
    assert ProductVariant.objects.get(product=cheap).price == Decimal("10.00")


def test_activate_and_deactivate_actions(admin_client_verified):
    shown, hidden = ProductFactory(is_active=True), ProductFactory(is_active=False)
    _action(admin_client_verified, "deactivate", [shown])
    _action(admin_client_verified, "activate", [hidden])
    assert not Product.objects.get(pk=shown.pk).is_active
    assert Product.objects.get(pk=hidden.pk).is_active


def test_low_stock_filter_and_sku_search(admin_client_verified, django_assert_max_num_queries):
    low = ProductFactory(name="Presque vide", variant__stock=2)
    ProductFactory(name="Plein", variant__stock=50)
    ProductFactory(name="Illimité", variant__stock=0, variant__track_stock=False)
    ProductVariantFactory(product=low, sku="FIND-ME", stock=40)
    listed = admin_client_verified.get(CHANGELIST, {"low_stock": "yes"}).context["cl"].result_list
    assert [product.name for product in listed] == ["Presque vide"]
    found = admin_client_verified.get(CHANGELIST, {"q": "FIND-ME"}).context["cl"].result_list
    assert [product.name for product in found] == ["Presque vide"]


def test_changelist_runs_a_constant_number_of_queries(admin_client_verified, django_assert_max_num_queries):
    for product in ProductFactory.create_batch(30):
        ProductVariantFactory.create_batch(2, product=product)
    admin_client_verified.get(CHANGELIST)
    with django_assert_max_num_queries(15):
        assert admin_client_verified.get(CHANGELIST).status_code == 200


def _change_form_data(product: Product, **changes) -> dict:
    variant = product.default_variant
    data = {
        "name": product.name, "slug": product.slug, "kind": product.kind, "category": product.category_id,
        "brand": "", "tags": "", "short_description": "", "description": "", "vat_rate": "20.00", "credits": "",
        "is_active": "on", "seo_title": "", "seo_description": "",
        "variants-TOTAL_FORMS": "1", "variants-INITIAL_FORMS": "1", "variants-MIN_NUM_FORMS": "1",
        "variants-MAX_NUM_FORMS": "1000", "variants-0-id": variant.pk, "variants-0-product": product.pk,
        "variants-0-sku": variant.sku, "variants-0-options": "{}", "variants-0-price": "19.90",
        "variants-0-compare_at_price": "", "variants-0-stock": str(variant.stock),
        "initial-variants-0-stock": str(variant.stock), "variants-0-track_stock": "on",
        "variants-0-weight_grams": "", "variants-0-is_default": "on", "variants-0-position": "0",
        "images-TOTAL_FORMS": "0", "images-INITIAL_FORMS": "0", "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    return {**data, **changes}


def test_slug_changed_in_the_admin_leaves_a_redirect(admin_client_verified, client):
    product = ProductFactory(slug="ancien")
    response = admin_client_verified.post(
        f"/admin/shop/product/{product.pk}/change/", _change_form_data(product, slug="nouveau")
    )
    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert ProductSlugRedirect.objects.get(old_slug="ancien").product == product
    assert client.get("/shop/p/ancien/")["Location"] == "/shop/p/nouveau/"


def _stock(product: Product) -> int:
    return ProductVariant.objects.get(product=product).stock


def test_saving_the_product_page_after_a_sale_keeps_the_stock_the_sale_left(admin_client_verified):
    product = ProductFactory(name="Veste", variant__stock=10)
    page = admin_client_verified.get(f"/admin/shop/product/{product.pk}/change/").content.decode()
    assert 'name="initial-variants-0-stock" value="10"' in page  # the stock shown travels with the form
    shown = _change_form_data(product, name="Veste imperméable")
    ProductVariant.objects.filter(product=product).update(stock=F("stock") - 1)  # an order, meanwhile

    response = admin_client_verified.post(f"/admin/shop/product/{product.pk}/change/", shown)

    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.name, _stock(product)) == ("Veste imperméable", 9)


def test_a_stock_typed_while_a_sale_changed_it_is_refused_with_the_new_figure_then_saved(admin_client_verified):
    product = ProductFactory(name="Veste", variant__stock=10)
    typed = _change_form_data(product, name="Veste imperméable", **{"variants-0-stock": "25"})
    ProductVariant.objects.filter(product=product).update(stock=F("stock") - 1)  # an order, meanwhile

    refused = admin_client_verified.post(f"/admin/shop/product/{product.pk}/change/", typed)

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Le stock est passé à 9 pendant que cette page était ouverte" in page
    assert 'name="initial-variants-0-stock" value="9"' in page and 'name="variants-0-stock" value="25"' in page
    product.refresh_from_db()
    assert (product.name, _stock(product)) == ("Veste", 9)  # nothing saved

    again = admin_client_verified.post(
        f"/admin/shop/product/{product.pk}/change/", {**typed, "initial-variants-0-stock": "9"}
    )
    assert again.status_code == 302
    product.refresh_from_db()
    assert (product.name, _stock(product)) == ("Veste imperméable", 25)


def test_a_stock_typed_with_no_sale_meanwhile_is_saved_the_row_locked_until_then(admin_client_verified):
    product = ProductFactory(variant__stock=10)
    with CaptureQueriesContext(connection) as queries:
        response = admin_client_verified.post(
            f"/admin/shop/product/{product.pk}/change/", _change_form_data(product, **{"variants-0-stock": "0"})
        )
    assert response.status_code == 302 and _stock(product) == 0
    if connection.vendor == "postgresql":  # no order can change the stock between the check and the save
        locks = [query["sql"] for query in queries if "FOR UPDATE" in query["sql"]]
        assert len(locks) == 1 and '"shop_productvariant"' in locks[0]


def test_the_variant_page_keeps_a_sale_made_while_it_was_open(admin_client_verified):
    variant = ProductVariantFactory(stock=10, price=Decimal("19.90"), is_default=True)
    url = f"/admin/shop/productvariant/{variant.pk}/change/"
    assert 'name="initial-stock" value="10"' in admin_client_verified.get(url).content.decode()
    shown = {
        "product": variant.product_id, "sku": variant.sku, "options": "{}", "price": "24.90",
        "compare_at_price": "", "stock": "10", "initial-stock": "10", "track_stock": "on",
        "weight_grams": "", "is_default": "on", "position": "0",
    }  # fmt: skip
    ProductVariant.objects.filter(pk=variant.pk).update(stock=F("stock") - 3)  # orders, meanwhile

    assert admin_client_verified.post(url, shown).status_code == 302

    variant.refresh_from_db()
    assert (variant.price, variant.stock) == (Decimal("24.90"), 7)


def _two_variants_form_data(product: Product, defaults: tuple[bool, bool], **changes) -> dict:
    """The product page posted with its two variants, ``defaults`` saying which are ticked as default."""
    data = _change_form_data(product, **{"variants-TOTAL_FORMS": "2", "variants-INITIAL_FORMS": "2"})
    for index, variant in enumerate(product.variants.order_by("position", "pk")):
        prefix = f"variants-{index}-"
        data |= {
            f"{prefix}id": variant.pk, f"{prefix}product": product.pk, f"{prefix}sku": variant.sku,
            f"{prefix}options": "{}", f"{prefix}price": str(variant.price), f"{prefix}compare_at_price": "",
            f"{prefix}stock": str(variant.stock), f"initial-{prefix}stock": str(variant.stock),
            f"{prefix}track_stock": "on", f"{prefix}weight_grams": "", f"{prefix}position": str(index),
        }  # fmt: skip
        data.pop(f"{prefix}is_default", None)
        if defaults[index]:
            data[f"{prefix}is_default"] = "on"
    return {**data, **changes}


@pytest.fixture
def two_variants() -> Product:
    product = ProductFactory(variant=None)
    ProductVariantFactory(product=product, sku="VESTE-S", position=0, is_default=False, price=Decimal("20.00"))
    ProductVariantFactory(product=product, sku="VESTE-M", position=1, is_default=True, price=Decimal("30.00"))
    return product


def _defaults(product: Product) -> list[str]:
    return list(product.variants.filter(is_default=True).values_list("sku", flat=True))


def test_the_default_variant_moves_to_another_in_one_save(admin_client_verified, two_variants, client):
    response = admin_client_verified.post(
        f"/admin/shop/product/{two_variants.pk}/change/", _two_variants_form_data(two_variants, (True, False))
    )
    assert response.status_code == 302
    assert _defaults(two_variants) == ["VESTE-S"]
    if connection.vendor == "postgresql":  # the listing price copied by the triggers follows
        two_variants.refresh_from_db()
        assert two_variants.listing_price == Decimal("20.00")


@pytest.mark.parametrize("defaults", [(True, True), (False, False)], ids=["two", "none"])
def test_a_product_page_with_two_default_variants_or_none_is_refused(admin_client_verified, two_variants, defaults):
    response = admin_client_verified.post(
        f"/admin/shop/product/{two_variants.pk}/change/",
        _two_variants_form_data(two_variants, defaults, name="Renommé"),
    )
    assert response.status_code == 200
    assert "Choisissez exactement une variante par défaut" in response.content.decode()
    two_variants.refresh_from_db()
    assert two_variants.name != "Renommé" and _defaults(two_variants) == ["VESTE-M"]


def test_the_variant_page_refuses_a_second_default_and_giving_up_the_default(admin_client_verified, two_variants):
    small, medium = two_variants.variants.order_by("position")
    fields = {"product": two_variants.pk, "options": "{}", "compare_at_price": "", "track_stock": "on",
              "weight_grams": "", "position": "0"}  # fmt: skip

    def post(variant, **changes):
        data = {**fields, "sku": variant.sku, "price": str(variant.price), "stock": "10", "initial-stock": "10"}
        return admin_client_verified.post(f"/admin/shop/productvariant/{variant.pk}/change/", {**data, **changes})

    second = post(small, is_default="on")
    assert second.status_code == 200 and "une seule variante par défaut" in second.content.decode()
    given_up = post(medium)  # the default unticked
    assert given_up.status_code == 200
    assert "Un produit garde une variante par défaut" in given_up.content.decode()
    assert _defaults(two_variants) == ["VESTE-M"]


def _upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def _image_form(product: Product, upload) -> dict:
    return _change_form_data(
        product,
        **{"images-TOTAL_FORMS": "1", "images-0-image": upload, "images-0-alt_text": "Vue", "images-0-position": "0"},
    )


def test_admin_upload_makes_thumbnails_and_refuses_a_fake_picture(
    admin_client_verified, django_capture_on_commit_callbacks
):
    product = ProductFactory()
    fake = _image_form(product, _upload("photo.png", b"<html>nope</html>"))
    response = admin_client_verified.post(f"/admin/shop/product/{product.pk}/change/", fake)
    assert response.status_code == 200 and not product.images.exists()
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), "green").save(buffer, format="JPEG")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_verified.post(
            f"/admin/shop/product/{product.pk}/change/", _image_form(product, _upload("vraie.jpg", buffer.getvalue()))
        )
    assert response.status_code == 302
    assert sorted(product.images.get().thumbnails, key=int) == ["320", "640", "800"]


def test_categories_are_listed_as_an_indented_tree(admin_client_verified):
    maison = CategoryFactory(name="Maison", position=1)
    mode = CategoryFactory(name="Mode", position=0)
    CategoryFactory(name="Luminaires", parent=maison, position=0)
    CategoryFactory(name="Chaussures", parent=mode, position=0)
    response = admin_client_verified.get("/admin/shop/category/")
    assert [category.name for category in response.context["cl"].result_list] == [
        "Mode", "Chaussures", "Maison", "Luminaires"
    ]  # fmt: skip
    assert "— Chaussures" in response.content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"variants-0-options": "[1, 2]"}, "Les options doivent être en JSON"),
        ({"variants-0-options": '{"taille": {"imbriqué": "M"}}'}, "Les options doivent être en JSON"),
        ({"variants-0-options": '{"largeur": NaN}'}, "Les options doivent être en JSON"),
        ({"tags": "cadeau, " + "t" * 150}, "Une étiquette a au plus 100 caractères"),
    ],
    ids=["options-list", "options-nested", "options-nan", "tag-too-long"],
)
def test_the_product_page_refuses_what_the_database_could_not_take(admin_client_verified, changes, message):
    product = ProductFactory(name="Veste")
    response = admin_client_verified.post(
        f"/admin/shop/product/{product.pk}/change/", _change_form_data(product, name="Veste neuve", **changes)
    )
    assert response.status_code == 200 and message in response.content.decode()
    product.refresh_from_db()
    assert product.name == "Veste" and list(product.tags.names()) == []
