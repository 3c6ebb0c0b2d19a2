"""Per-language full text on PostgreSQL.

Each offer gets `search_vector`: for every translation, title (weight A), summary (B) and
description (C) parsed with the text-search configuration of the translation's language
(German with `german`, Romanian with `romanian`, …; languages PostgreSQL has no
configuration for, such as Ukrainian, Polish, Bulgarian or Farsi, with `simple`).

Triggers keep it current, so bulk inserts (imports, synthetic data) are covered too:
- statement-level triggers on the translations recompute the offers whose texts changed;
- a row trigger on the offer recomputes its vector on every insert and update, so a Django
  save that carries an old in-memory value cannot overwrite a newer one.

A GIN index over (region, vector), through btree_gin, lets one region's matches be found
without reading the other regions' postings. On SQLite the column stays empty and nothing
else happens.
"""

import django.contrib.postgres.search
from django.db import migrations

# BCP 47 primary subtag → PostgreSQL text-search configuration. Only those the server has
# are used (older servers lack some); every other language gets `simple` (lowercased
# words, no stemming), which still finds whole words in any script.
CONFIGURATIONS = {
    "ar": "arabic",
    "ca": "catalan",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "eu": "basque",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "nb": "norwegian",
    "ne": "nepali",
    "nl": "dutch",
    "nn": "norwegian",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}

TRIGGERS = """
CREATE AGGREGATE directory_tsvector_agg(tsvector) (
    SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = ''
);

CREATE FUNCTION directory_translation_vector(
    code text, title text, summary text, description text
) RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$
    SELECT setweight(to_tsvector(directory_search_config(code), coalesce(title, '')), 'A')
        || setweight(to_tsvector(directory_search_config(code), coalesce(summary, '')), 'B')
        || setweight(to_tsvector(directory_search_config(code), coalesce(description, '')), 'C')
$$;

CREATE FUNCTION directory_offer_vector(offer bigint) RETURNS tsvector
LANGUAGE sql STABLE AS $$
    SELECT coalesce(directory_tsvector_agg(
        directory_translation_vector(l.code, t.title, t.summary, t.description)
        ORDER BY t.id), '')
    FROM directory_offertranslation t JOIN core_language l ON l.id = t.language_id
    WHERE t.offer_id = offer
$$;

CREATE FUNCTION directory_offer_vector_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := directory_offer_vector(NEW.id);
    RETURN NEW;
END
$$;

CREATE TRIGGER directory_offer_vector_row
    BEFORE INSERT OR UPDATE ON directory_offer
    FOR EACH ROW EXECUTE FUNCTION directory_offer_vector_row();

CREATE FUNCTION directory_translations_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Touching the offers runs their row trigger, which recomputes the vector.
    IF TG_OP = 'INSERT' THEN
        UPDATE directory_offer SET search_vector = NULL
        WHERE id IN (SELECT offer_id FROM changed_new);
    ELSIF TG_OP = 'UPDATE' THEN
        UPDATE directory_offer SET search_vector = NULL
        WHERE id IN (SELECT offer_id FROM changed_new UNION SELECT offer_id FROM changed_old);
    ELSE
        UPDATE directory_offer SET search_vector = NULL
        WHERE id IN (SELECT offer_id FROM changed_old);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER directory_translations_inserted
    AFTER INSERT ON directory_offertranslation REFERENCING NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION directory_translations_changed();
CREATE TRIGGER directory_translations_updated
    AFTER UPDATE ON directory_offertranslation
    REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION directory_translations_changed();
CREATE TRIGGER directory_translations_deleted
    AFTER DELETE ON directory_offertranslation REFERENCING OLD TABLE AS changed_old
    FOR EACH STATEMENT EXECUTE FUNCTION directory_translations_changed();
"""

DROP = """
DROP INDEX IF EXISTS directory_offer_region_vector;
DROP TRIGGER IF EXISTS directory_translations_inserted ON directory_offertranslation;
DROP TRIGGER IF EXISTS directory_translations_updated ON directory_offertranslation;
DROP TRIGGER IF EXISTS directory_translations_deleted ON directory_offertranslation;
DROP TRIGGER IF EXISTS directory_offer_vector_row ON directory_offer;
DROP FUNCTION IF EXISTS directory_translations_changed();
DROP FUNCTION IF EXISTS directory_offer_vector_row();
DROP FUNCTION IF EXISTS directory_offer_vector(bigint);
DROP FUNCTION IF EXISTS directory_translation_vector(text, text, text, text);
DROP AGGREGATE IF EXISTS directory_tsvector_agg(tsvector);
DROP FUNCTION IF EXISTS directory_search_config(text);
"""


def config_function(available: set[str]) -> str:
    cases = "\n".join(
        f"        WHEN '{code}' THEN '{name}'::regconfig"
        for code, name in sorted(CONFIGURATIONS.items())
        if name in available
    )
    return f"""
CREATE FUNCTION directory_search_config(code text) RETURNS regconfig
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE lower(split_part(coalesce(code, ''), '-', 1))
{cases}
        ELSE 'simple'::regconfig
    END
$$;
"""


def create_full_text(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config")
        available = {row[0] for row in cursor.fetchall()}
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    schema_editor.execute(config_function(available))
    schema_editor.execute(TRIGGERS)
    # Fill: the row trigger computes each vector.
    schema_editor.execute("UPDATE directory_offer SET search_vector = NULL")
    schema_editor.execute(
        "CREATE INDEX directory_offer_region_vector "
        "ON directory_offer USING gin (region_id, search_vector)"
    )


def drop_full_text(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_trigram_search_index")]

    operations = [
        migrations.AddField(
            model_name="offer",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create_full_text, drop_full_text),
    ]
