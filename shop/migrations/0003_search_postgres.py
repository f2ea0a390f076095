"""PostgreSQL search: unaccent and pg_trgm, a ``french_unaccent`` configuration,
the trigger-maintained ``Product.search_vector`` and the indexes listing and search use.

The document of a product is weighted: name (A) > brand and tags (B) >
short description and description (C). A BEFORE trigger on ``shop_product``
computes it when one of those columns changes (tags are read from taggit's
tables); statement-level triggers on ``taggit_taggeditem`` (insert, delete) and
``taggit_tag`` (rename) touch the products concerned, so bulk tag inserts cost one
UPDATE per statement. Every operation is a no-op on other databases (SQLite in dev).
"""

from django.db import migrations

FORWARD = r"""
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION french_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END $$;

-- unaccent() is only STABLE (it depends on search_path); an IMMUTABLE wrapper naming its
-- dictionary explicitly (schema public, where CREATE EXTENSION put it) may be used in expression indexes.
CREATE OR REPLACE FUNCTION webox_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $f$ SELECT public.unaccent('public.unaccent'::regdictionary, lower($1)) $f$;

CREATE OR REPLACE FUNCTION shop_product_search_document(
    p_id bigint, p_name text, p_brand text, p_short text, p_description text
) RETURNS tsvector LANGUAGE sql STABLE AS $f$
    SELECT
        setweight(to_tsvector('french_unaccent', coalesce(p_name, '')), 'A')
        || setweight(to_tsvector('french_unaccent', coalesce(p_brand, '') || ' ' || coalesce((
            SELECT string_agg(tag.name, ' ')
            FROM taggit_taggeditem item
            JOIN taggit_tag tag ON tag.id = item.tag_id
            JOIN django_content_type ct ON ct.id = item.content_type_id
            WHERE item.object_id = p_id AND ct.app_label = 'shop' AND ct.model = 'product'
        ), '')), 'B')
        || setweight(to_tsvector('french_unaccent', coalesce(p_short, '') || ' ' || coalesce(p_description, '')), 'C')
$f$;

CREATE OR REPLACE FUNCTION shop_product_search_vector_trigger() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    NEW.search_vector := shop_product_search_document(
        NEW.id, NEW.name, NEW.brand, NEW.short_description, NEW.description
    );
    RETURN NEW;
END
$f$;

DROP TRIGGER IF EXISTS shop_product_search_vector ON shop_product;
CREATE TRIGGER shop_product_search_vector
    BEFORE INSERT OR UPDATE OF name, brand, short_description, description, search_vector ON shop_product
    FOR EACH ROW EXECUTE FUNCTION shop_product_search_vector_trigger();

-- Setting search_vector to NULL fires the trigger above, which recomputes it.
CREATE OR REPLACE FUNCTION shop_taggeditem_touch_products() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    UPDATE shop_product SET search_vector = NULL
    WHERE id IN (
        SELECT changed.object_id FROM changed_items changed
        JOIN django_content_type ct ON ct.id = changed.content_type_id
        WHERE ct.app_label = 'shop' AND ct.model = 'product'
    );
    RETURN NULL;
END
$f$;

DROP TRIGGER IF EXISTS shop_taggeditem_inserted ON taggit_taggeditem;
CREATE TRIGGER shop_taggeditem_inserted
    AFTER INSERT ON taggit_taggeditem REFERENCING NEW TABLE AS changed_items
    FOR EACH STATEMENT EXECUTE FUNCTION shop_taggeditem_touch_products();
DROP TRIGGER IF EXISTS shop_taggeditem_deleted ON taggit_taggeditem;
CREATE TRIGGER shop_taggeditem_deleted
    AFTER DELETE ON taggit_taggeditem REFERENCING OLD TABLE AS changed_items
    FOR EACH STATEMENT EXECUTE FUNCTION shop_taggeditem_touch_products();

CREATE OR REPLACE FUNCTION shop_tag_renamed_touch_products() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    UPDATE shop_product SET search_vector = NULL
    WHERE id IN (
        SELECT item.object_id FROM taggit_taggeditem item
        JOIN django_content_type ct ON ct.id = item.content_type_id
        WHERE item.tag_id = NEW.id AND ct.app_label = 'shop' AND ct.model = 'product'
    );
    RETURN NULL;
END
$f$;

DROP TRIGGER IF EXISTS shop_tag_renamed ON taggit_tag;
CREATE TRIGGER shop_tag_renamed
    AFTER UPDATE OF name ON taggit_tag
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION shop_tag_renamed_touch_products();

CREATE INDEX IF NOT EXISTS shop_product_search_vector_gin ON shop_product USING gin (search_vector);
CREATE INDEX IF NOT EXISTS shop_product_name_trgm_gin ON shop_product USING gin (webox_unaccent(name) gin_trgm_ops);
-- Price filter and sort read the default variant (the price a card shows).
CREATE INDEX IF NOT EXISTS shop_variant_default_price_idx ON shop_productvariant (price, product_id) WHERE is_default;
CREATE INDEX IF NOT EXISTS shop_product_rating_idx ON shop_product (rating_avg DESC, id) WHERE is_active;
CREATE INDEX IF NOT EXISTS shop_product_sales_idx ON shop_product (sales_count DESC, id) WHERE is_active;

UPDATE shop_product SET search_vector = NULL;
"""

BACKWARD = r"""
DROP INDEX IF EXISTS shop_product_sales_idx;
DROP INDEX IF EXISTS shop_product_rating_idx;
DROP INDEX IF EXISTS shop_variant_default_price_idx;
DROP INDEX IF EXISTS shop_product_name_trgm_gin;
DROP INDEX IF EXISTS shop_product_search_vector_gin;
DROP TRIGGER IF EXISTS shop_tag_renamed ON taggit_tag;
DROP TRIGGER IF EXISTS shop_taggeditem_deleted ON taggit_taggeditem;
DROP TRIGGER IF EXISTS shop_taggeditem_inserted ON taggit_taggeditem;
DROP TRIGGER IF EXISTS shop_product_search_vector ON shop_product;
DROP FUNCTION IF EXISTS shop_tag_renamed_touch_products();
DROP FUNCTION IF EXISTS shop_taggeditem_touch_products();
DROP FUNCTION IF EXISTS shop_product_search_vector_trigger();
DROP FUNCTION IF EXISTS shop_product_search_document(bigint, text, text, text, text);
DROP FUNCTION IF EXISTS webox_unaccent(text);
DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent;
UPDATE shop_product SET search_vector = NULL;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("shop", "0002_reviews_wishlist_search_fields"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
