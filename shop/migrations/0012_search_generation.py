"""Number the states of the search documents, so that a search's result can be kept while it holds.

Every statement that writes ``shop_searchdocument`` (the product and category
triggers, a TRUNCATE) takes the next value of the sequence
``shop_search_generation``. A search's counts and ranked ids are cached under
the generation read before the search ran (``shop.search.search_generation``):
any change to what search reads moves searches to new keys. A sequence, not a
counter row, so that concurrent writers (two paid orders updating sales counts)
never wait for each other. PostgreSQL only.

The one race: a sequence moves at once, before the writer commits. A search run
in between reads the new generation but the old rows, and its entry stays until
the next change or its expiry (``SHOP_CATALOGUE_CACHE_SECONDS``); pages built
from it leave out the products hidden meanwhile.
"""

from django.db import migrations

FORWARD = r"""
CREATE SEQUENCE IF NOT EXISTS shop_search_generation;

CREATE OR REPLACE FUNCTION shop_search_generation_next() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    PERFORM nextval('shop_search_generation');
    RETURN NULL;
END
$f$;

DROP TRIGGER IF EXISTS shop_searchdocument_written ON shop_searchdocument;
CREATE TRIGGER shop_searchdocument_written
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON shop_searchdocument
    FOR EACH STATEMENT EXECUTE FUNCTION shop_search_generation_next();
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS shop_searchdocument_written ON shop_searchdocument;
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
