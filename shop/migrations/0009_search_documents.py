"""Search reads a narrow, trigger-kept copy of each product (``shop_searchdocument``).

An AFTER trigger on ``shop_product`` copies the columns search, filters, sorts and
category counts read whenever one of them changes (insert, update, delete), so
the copy is right whatever wrote the product: admin, CSV import, the stock and
search triggers, bulk inserts. ``is_visible`` also says whether the category is
active; a trigger on ``shop_category`` updates it when a category is switched
on or off, so searches filter one boolean instead of joining the categories. The full-text and trigram indexes move from the
product table to the copy. PostgreSQL only: on SQLite (development) the table
stays empty and search reads the products.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from decimal import Decimal

from django.db import migrations, models

COPIED = [
    "category_id",
    "is_active",
    "kind",
    "brand",
    "listing_price",
    "has_stock",
    "rating_avg",
    "sales_count",
    "created_at",
    "search_vector",
    "name_folded",
]
# The document's columns: the copied ones, where is_active becomes is_visible (the category's state counts too).
COLUMNS = ", ".join(column.replace("is_active", "is_visible") for column in COPIED)
# FOR SHARE: a category being switched on or off meanwhile is waited for, then read as committed (else
# the product's copy and the category's trigger could each miss the other's change).
VISIBLE = (
    "{row}.is_active AND coalesce("
    "(SELECT c.is_active FROM shop_category c WHERE c.id = {row}.category_id FOR SHARE), false)"
)
NEW_VALUES = ", ".join(VISIBLE.format(row="NEW") if column == "is_active" else f"NEW.{column}" for column in COPIED)
OLD_ROW = ", ".join(f"OLD.{column}" for column in COPIED)
NEW_ROW = ", ".join(f"NEW.{column}" for column in COPIED)
UPDATES = ", ".join(f"{column} = EXCLUDED.{column}" for column in COLUMNS.split(", "))

FORWARD = f"""
CREATE OR REPLACE FUNCTION shop_product_copy_for_search() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM shop_searchdocument WHERE product_id = OLD.id;
    ELSE
        INSERT INTO shop_searchdocument (product_id, {COLUMNS})
        VALUES (NEW.id, {NEW_VALUES})
        ON CONFLICT (product_id) DO UPDATE SET {UPDATES};
    END IF;
    RETURN NULL;
END
$f$;

CREATE TRIGGER shop_product_search_copy_inserted AFTER INSERT ON shop_product
    FOR EACH ROW EXECUTE FUNCTION shop_product_copy_for_search();
CREATE TRIGGER shop_product_search_copy_updated AFTER UPDATE ON shop_product
    FOR EACH ROW WHEN (({OLD_ROW}) IS DISTINCT FROM ({NEW_ROW}))
    EXECUTE FUNCTION shop_product_copy_for_search();
CREATE TRIGGER shop_product_search_copy_deleted AFTER DELETE ON shop_product
    FOR EACH ROW EXECUTE FUNCTION shop_product_copy_for_search();

CREATE OR REPLACE FUNCTION shop_category_visibility_for_search() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    UPDATE shop_searchdocument document SET is_visible = NEW.is_active AND product.is_active
    FROM shop_product product
    WHERE document.category_id = NEW.id AND product.id = document.product_id;
    RETURN NULL;
END
$f$;

CREATE TRIGGER shop_category_search_visibility AFTER UPDATE OF is_active ON shop_category
    FOR EACH ROW WHEN (OLD.is_active IS DISTINCT FROM NEW.is_active)
    EXECUTE FUNCTION shop_category_visibility_for_search();

INSERT INTO shop_searchdocument (product_id, {COLUMNS})
    SELECT product.id, {NEW_VALUES.replace("NEW.", "product.").replace(" FOR SHARE", "")}
    FROM shop_product product;

CREATE INDEX shop_searchdocument_vector_gin ON shop_searchdocument USING gin (search_vector);
CREATE INDEX shop_searchdocument_name_trgm ON shop_searchdocument USING gin (name_folded gin_trgm_ops);
-- Suggestions list the names starting with what was typed in name order, straight from this index.
CREATE INDEX shop_searchdocument_name_prefix ON shop_searchdocument (name_folded varchar_pattern_ops)
    WHERE is_visible;
DROP INDEX IF EXISTS shop_product_search_vector_gin;
DROP INDEX IF EXISTS shop_product_name_folded_trgm;
"""

BACKWARD = """
CREATE INDEX IF NOT EXISTS shop_product_search_vector_gin ON shop_product USING gin (search_vector);
CREATE INDEX IF NOT EXISTS shop_product_name_folded_trgm ON shop_product USING gin (name_folded gin_trgm_ops);
DROP TRIGGER IF EXISTS shop_product_search_copy_inserted ON shop_product;
DROP TRIGGER IF EXISTS shop_product_search_copy_updated ON shop_product;
DROP TRIGGER IF EXISTS shop_product_search_copy_deleted ON shop_product;
DROP TRIGGER IF EXISTS shop_category_search_visibility ON shop_category;
DROP FUNCTION IF EXISTS shop_product_copy_for_search();
DROP FUNCTION IF EXISTS shop_category_visibility_for_search();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("shop", "0008_covering_listing_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "product",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="shop.product",
                    ),
                ),
                ("is_visible", models.BooleanField(default=True)),
                ("kind", models.CharField(max_length=20)),
                ("brand", models.CharField(blank=True, max_length=80)),
                ("listing_price", models.DecimalField(decimal_places=2, max_digits=10, null=True)),
                ("has_stock", models.BooleanField(default=False)),
                ("rating_avg", models.DecimalField(decimal_places=2, default=Decimal("0"), max_digits=3)),
                ("sales_count", models.PositiveIntegerField(default=0)),
                ("created_at", models.DateTimeField()),
                ("search_vector", django.contrib.postgres.search.SearchVectorField(null=True)),
                ("name_folded", models.CharField(blank=True, default="", max_length=200)),
                (
                    "category",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="shop.category",
                    ),
                ),
            ],
            options={"default_permissions": ()},
        ),
        migrations.RunPython(forward, backward, elidable=False),
    ]
