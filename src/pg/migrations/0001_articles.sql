-- The public contract: the articles a CMS writes, and a notification on
-- every change so that running language servers refresh.
CREATE TABLE factcheck.articles (
    id    text PRIMARY KEY,
    title text,
    date  date,
    lang  text,
    url   text,
    text  text NOT NULL
);

CREATE FUNCTION factcheck.notify_articles() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('factcheck_articles', TG_OP);
    RETURN NULL;
END
$$;

CREATE TRIGGER articles_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON factcheck.articles
    FOR EACH STATEMENT EXECUTE FUNCTION factcheck.notify_articles();

-- The two database roles (group roles without login; people and services
-- log in as members): the indexer writes, editors' servers read. They are
-- made only where the migrating user may create roles.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user AND (rolsuper OR rolcreaterole)) THEN
        -- Roles belong to the cluster, not the database: a migration of
        -- another database may create them at the same moment.
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'factcheck_reader') THEN
            BEGIN
                CREATE ROLE factcheck_reader NOLOGIN;
            EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
            END;
        END IF;
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'factcheck_indexer') THEN
            BEGIN
                CREATE ROLE factcheck_indexer NOLOGIN;
            EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
            END;
        END IF;
    END IF;
END
$$;

-- The content hash of an article row, for incremental updates: `factcheck
-- index` compares it with the hash its derived rows were made from. The
-- loader computes the same value for files (src/pg/ingest.rs).
CREATE FUNCTION factcheck.row_hash(title text, date date, lang text, url text, text text)
RETURNS bytea LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT sha256(convert_to(
        coalesce(title, E'\x01') || E'\x1f' || coalesce((date - DATE '2000-01-01')::text, E'\x01') || E'\x1f' ||
        coalesce(lang, E'\x01') || E'\x1f' || coalesce(url, E'\x01') || E'\x1f' || text,
        'UTF8'))
$$;

-- Articles the indexer loaded from files: where they came from, so that
-- evidence cites the file and line, and files removed from the corpus leave it.
CREATE TABLE factcheck.article_files (
    id         text PRIMARY KEY REFERENCES factcheck.articles (id) ON DELETE CASCADE,
    path       text NOT NULL,
    jsonl_line integer,
    markdown   boolean NOT NULL,
    source     text
);
