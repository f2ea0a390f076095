"""CSV export of the filtered changelist and all-or-nothing CSV import of products and stock."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shop.models import Product, ProductVariant
from shop.services.catalogue_csv import CatalogueImportError, catalogue_csv_import
from tests.shop.factories import CategoryFactory, ProductFactory, ProductVariantFactory

pytestmark = pytest.mark.django_db


def _rows(response) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_export_lists_every_variant_of_the_filtered_products(admin_client_verified):
    jean = ProductFactory(name="Jean", variant__sku="JEAN-40", variant__price=Decimal("79.00"), variant__stock=2)
    ProductVariantFactory(product=jean, sku="JEAN-42", price=Decimal("81.50"), stock=0, options={"taille": "42"})
    ProductFactory(name="Hidden", is_active=False, variant__sku="HID-1")
    response = admin_client_verified.get("/admin/shop/product/export/", {"is_active__exact": "1"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = _rows(response)
    assert [(row["sku"], row["price"], row["stock"]) for row in rows] == [
        ("JEAN-40", "79.00", "2"),
        ("JEAN-42", "81.50", "0"),
    ]
    assert rows[1]["options"] == '{"taille": "42"}' and rows[0]["product_name"] == "Jean"


def test_changelist_links_to_export_with_its_filters(admin_client_verified):
    html = admin_client_verified.get("/admin/shop/product/", {"kind__exact": "digital"}).content.decode()
    assert "/admin/shop/product/export/?kind__exact=digital" in html and "/admin/shop/product/import/" in html


def test_import_updates_price_and_stock_by_sku_and_creates_a_product():
    category = CategoryFactory(slug="maison")
    ProductFactory(variant__sku="LAMPE-1", variant__price=Decimal("10.00"), variant__stock=1)
    content = (
        b"sku;price;stock;product_name;category_slug;options\n"
        b"LAMPE-1;12,50;7;;;\n"
        b'VASE-1;30.00;4;Vase bleu;maison;"{""couleur"": ""bleu""}"\n'
    )
    report = catalogue_csv_import(content=content)
    assert (report.updated, report.created) == (1, 1)
    lamp = ProductVariant.objects.get(sku="LAMPE-1")
    assert (lamp.price, lamp.stock) == (Decimal("12.50"), 7)
    vase = ProductVariant.objects.get(sku="VASE-1")
    assert vase.product.category == category and vase.is_default and vase.options == {"couleur": "bleu"}
    assert not vase.product.is_active  # new products wait for a check before being shown


def test_import_with_one_bad_row_changes_nothing_and_names_the_rows():
    ProductFactory(variant__sku="A-1", variant__price=Decimal("10.00"), variant__stock=1)
    content = b"sku,price,stock\nA-1,11.00,5\nB-404,3.00,1\nA-1,-2,abc\n"
    with pytest.raises(CatalogueImportError) as caught:
        catalogue_csv_import(content=content)
    lines = [line for line, _message in caught.value.errors]
    assert set(lines) == {3, 4}
    assert any("B-404" in message for _line, message in caught.value.errors)
    variant = ProductVariant.objects.get(sku="A-1")
    assert (variant.price, variant.stock) == (Decimal("10.00"), 1)
    assert Product.objects.count() == 1


def test_import_through_the_admin_reports_row_errors(admin_client_verified):
    ProductFactory(variant__sku="A-1", variant__stock=1)
    upload = SimpleUploadedFile("stock.csv", b"sku;stock\nA-1;9\nA-1;-1\n")
    response = admin_client_verified.post("/admin/shop/product/import/", {"file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Line 3" in html or "Ligne 3" in html
    assert ProductVariant.objects.get(sku="A-1").stock == 1
    good = SimpleUploadedFile("stock.csv", b"sku;stock\nA-1;9\n")
    assert admin_client_verified.post("/admin/shop/product/import/", {"file": good}).status_code == 302
    assert ProductVariant.objects.get(sku="A-1").stock == 9


def test_import_refuses_values_the_database_could_not_store_and_names_each_row():
    ProductFactory(variant__sku="A-1", variant__price=Decimal("10.00"), variant__stock=1)
    CategoryFactory(slug="maison")
    long_name, long_sku = "Lampe " + "x" * 300, "S" * 65
    content = (
        "sku,product_name,category_slug,price,stock,product_slug,options\n"
        "A-1,,,1e309,,\n"  # a number too large even to round
        "A-2,,,,99999999999999,\n"  # more than the stock column holds
        f"N-1,{long_name},maison,10,,\n"
        "N-2,Lampe,maison,10,,pas un slug!\n"
        f"{long_sku},Lampe,maison,10,,\n"
        'N-3,Lampe,maison,10,,,"{""taille"": [""M"", ""L""]}"\n'  # options are names and plain values
    ).encode()
    with pytest.raises(CatalogueImportError) as caught:
        catalogue_csv_import(content=content)
    errors = dict(caught.value.errors)
    assert set(errors) == {2, 3, 4, 5, 6, 7}
    assert errors[2] == "Le prix doit être un montant en euros et centimes."
    assert errors[3] == "Le stock doit valoir au plus 2147483647."
    assert errors[4].startswith("nom : ") and "au plus 200 caractères" in errors[4]
    assert errors[5].startswith("slug : ") and errors[6].startswith("Référence : ") and "au plus 64" in errors[6]
    assert errors[7].startswith("Les options doivent être en JSON")
    variant = ProductVariant.objects.get(sku="A-1")
    assert (variant.price, variant.stock) == (Decimal("10.00"), 1) and Product.objects.count() == 1
