"""Number the states of the search documents, so that what is read from them can be kept while it holds.

Every write to ``shop_searchdocument`` that changes what filters, counts or a
search read (the product and category triggers, a TRUNCATE) takes the next
value of the sequence ``shop_search_generation``. A search's counts and ranked
ids, and a listing's category counts, are cached under the generation read
before they were computed (``shop.search.search_generation``): any such change
moves them to new keys. A sequence, not a counter row, so that concurrent
writers never wait for each other. PostgreSQL only.

A change to ``sales_count`` alone takes no new generation: every paid order
makes one, and it would empty the cache each time. It only orders "best
selling", which a cached search may then show up to its expiry late.

The one race: a sequence moves at once, before the writer commits. A search run
in between reads the new generation but the old rows, and its entry stays until
the next change or its expiry (``SHOP_CATALOGUE_CACHE_SECONDS``); pages built
from it leave out the products hidden meanwhile.
"""

from django.db import migrations

# Every column of the document but sales_count (and product_id, which never changes).
WATCHED = [
    "is_visible",
    "category_id",
    "kind",
    "brand",
    "listing_price",
    "has_stock",
    "rating_avg",
    "created_at",
    "search_vector",
    "name_folded",
]
OLD_ROW = ", ".join(f"OLD.{column}" for column in WATCHED)
NEW_ROW = ", ".join(f"NEW.{column}" for column in WATCHED)

# Row triggers: the product trigger writes with INSERT ... ON CONFLICT DO UPDATE, which would fire a
# statement-level INSERT trigger for every write, sales counts included.
FORWARD = f"""
CREATE SEQUENCE IF NOT EXISTS shop_search_generation;

CREATE OR REPLACE FUNCTION shop_search_generation_next() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    PERFORM nextval('shop_search_generation');
    RETURN NULL;
END
$f$;

DROP TRIGGER IF EXISTS shop_searchdocument_added_or_removed ON shop_searchdocument;
CREATE TRIGGER shop_searchdocument_added_or_removed
    AFTER INSERT OR DELETE ON shop_searchdocument
    FOR EACH ROW EXECUTE FUNCTION shop_search_generation_next();
DROP TRIGGER IF EXISTS shop_searchdocument_changed ON shop_searchdocument;
CREATE TRIGGER shop_searchdocument_changed
    AFTER UPDATE ON shop_searchdocument
    FOR EACH ROW WHEN (({OLD_ROW}) IS DISTINCT FROM ({NEW_ROW}))
    EXECUTE FUNCTION shop_search_generation_next();
DROP TRIGGER IF EXISTS shop_searchdocument_emptied ON shop_searchdocument;
CREATE TRIGGER shop_searchdocument_emptied
    AFTER TRUNCATE ON shop_searchdocument
    FOR EACH STATEMENT EXECUTE FUNCTION shop_search_generation_next();
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS shop_searchdocument_added_or_removed ON shop_searchdocument;
DROP TRIGGER IF EXISTS shop_searchdocument_changed ON shop_searchdocument;
DROP TRIGGER IF EXISTS shop_searchdocument_emptied ON shop_searchdocument;
DROP FUNCTION IF EXISTS shop_search_generation_next();
DROP SEQUENCE IF EXISTS shop_search_generation;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("shop", "0011_taggeditem_update_trigger"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
