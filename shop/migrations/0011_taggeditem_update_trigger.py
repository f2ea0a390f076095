"""Re-index the products of a tag link changed in place (``UPDATE taggit_taggeditem``).

Migration 0003 re-indexes a product when one of its tag links is inserted or
deleted, which is all taggit itself does; a link moved to another tag or another
product by an UPDATE (a data migration, ``TaggedItem.objects.update(...)``) left
the old tag in the search text. One statement-level trigger touches the products
on both sides of the change. PostgreSQL only.
"""

from django.db import migrations

FORWARD = r"""
CREATE OR REPLACE FUNCTION shop_taggeditem_updated_touch_products() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    UPDATE shop_product SET search_vector = NULL
    WHERE id IN (
        SELECT changed.object_id
        FROM (SELECT object_id, content_type_id FROM old_items UNION SELECT object_id, content_type_id FROM new_items)
            AS changed
        JOIN django_content_type ct ON ct.id = changed.content_type_id
        WHERE ct.app_label = 'shop' AND ct.model = 'product'
    );
    RETURN NULL;
END
$f$;

DROP TRIGGER IF EXISTS shop_taggeditem_updated ON taggit_taggeditem;
CREATE TRIGGER shop_taggeditem_updated
    AFTER UPDATE ON taggit_taggeditem REFERENCING OLD TABLE AS old_items NEW TABLE AS new_items
    FOR EACH STATEMENT EXECUTE FUNCTION shop_taggeditem_updated_touch_products();
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS shop_taggeditem_updated ON taggit_taggeditem;
DROP FUNCTION IF EXISTS shop_taggeditem_updated_touch_products();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("shop", "0010_search_words"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
