"""The catalogue's own words, for spelling correction: the materialised view ``shop_searchword``.

One row per word of the active products' names and brands and of their tags:
``word`` folded (lower case, no accents) for matching, ``spelling`` its most
frequent written form (accents kept) for showing, ``products`` how many products
use it. A trigram index finds the known words closest to a typed one.
``shop.search.search_words_refresh`` rebuilds it (periodically, and after bulk
imports) without blocking readers, hence the unique index. PostgreSQL only.
"""

from django.db import migrations

FORWARD = r"""
CREATE MATERIALIZED VIEW shop_searchword AS
SELECT webox_unaccent(source.word) AS word,
       mode() WITHIN GROUP (ORDER BY source.word) AS spelling,
       count(DISTINCT source.product_id)::integer AS products
FROM (
    SELECT product.id AS product_id,
           regexp_split_to_table(lower(product.name || ' ' || product.brand), '[\s[:punct:]’«»]+') AS word
    FROM shop_product product
    WHERE product.is_active
    UNION ALL
    SELECT item.object_id, regexp_split_to_table(lower(tag.name), '[\s[:punct:]’«»]+')
    FROM taggit_taggeditem item
    JOIN taggit_tag tag ON tag.id = item.tag_id
    JOIN django_content_type type ON type.id = item.content_type_id
    JOIN shop_product product ON product.id = item.object_id
    WHERE type.app_label = 'shop' AND type.model = 'product' AND product.is_active
) source
WHERE length(source.word) >= 3 AND source.word !~ '^[0-9]+$'
GROUP BY 1
WITH DATA;

CREATE UNIQUE INDEX shop_searchword_word ON shop_searchword (word);
CREATE INDEX shop_searchword_trgm ON shop_searchword USING gin (word gin_trgm_ops);
"""

BACKWARD = "DROP MATERIALIZED VIEW IF EXISTS shop_searchword;"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("shop", "0009_search_documents"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
