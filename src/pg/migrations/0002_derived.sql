-- The tool's own tables, derived from factcheck.articles by `factcheck index`.

-- What extraction made of each article, kept per article so that only new
-- and changed rows are read again (row_hash is factcheck.row_hash of the row
-- it was made from; extractor is the extraction's version).
CREATE TABLE factcheck.readings (
    article   text PRIMARY KEY,
    row_hash  bytea NOT NULL,
    extractor text NOT NULL,
    meta      bytea NOT NULL,
    reading   bytea NOT NULL,
    text      text NOT NULL,
    canonical_path text
);

-- The published index: rebuilt from all readings in one transaction, so a
-- reader sees one generation or the next, never a mix in one statement.
CREATE TABLE factcheck.index_state (
    singleton     boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    generation    bigint NOT NULL,
    extractor     text NOT NULL,
    articles      integer NOT NULL,
    dated         boolean NOT NULL,
    home_country  text,
    term_documents integer NOT NULL,
    built_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE factcheck.index_articles (
    aid            integer PRIMARY KEY,
    article        text NOT NULL,
    canonical_path text,
    meta           bytea NOT NULL,
    layout         bytea NOT NULL,
    text           text NOT NULL
);
CREATE INDEX index_articles_path ON factcheck.index_articles (canonical_path);

-- Claims: kind f(igure), d(ate) or r(ole); the keys the checks look them up by.
CREATE TABLE factcheck.claims (
    cid        integer PRIMARY KEY,
    aid        integer NOT NULL,
    kind       "char" NOT NULL,
    unit       text,
    role       text,
    person_key text,
    entities   text[] NOT NULL,
    words      text[] NOT NULL,
    record     bytea NOT NULL
);
CREATE INDEX claims_unit ON factcheck.claims (unit, cid) WHERE kind = 'f';
CREATE INDEX claims_role ON factcheck.claims (role, cid) WHERE kind = 'r';
CREATE INDEX claims_person ON factcheck.claims (person_key, cid) WHERE kind = 'r';
CREATE INDEX claims_entities ON factcheck.claims USING gin (entities);
CREATE INDEX claims_words ON factcheck.claims USING gin (words) WHERE kind = 'd';

-- Known names with their mentions (record), and how many articles use them.
CREATE TABLE factcheck.names (
    name     text PRIMARY KEY,
    person   boolean NOT NULL,
    articles integer NOT NULL,
    record   bytea NOT NULL
);

-- Full names of people by surname (part_kind s) and first name (f).
CREATE TABLE factcheck.name_parts (
    part_kind "char" NOT NULL,
    part      text NOT NULL,
    names     text[] NOT NULL,
    PRIMARY KEY (part_kind, part)
);

-- Runs of capitalised words as written, and the articles using them.
CREATE TABLE factcheck.spellings (
    spelling text PRIMARY KEY,
    articles integer[] NOT NULL
);

-- Term statistics over claim sentences.
CREATE TABLE factcheck.terms (
    term text PRIMARY KEY,
    tid  integer NOT NULL,
    df   integer NOT NULL
);
