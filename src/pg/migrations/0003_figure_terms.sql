-- A figure claim's term ids (those of factcheck.terms), so that a check
-- fetches only the figures of a common unit that share a term with the
-- draft's figure instead of the whole unit. The rows published before this
-- column existed have no terms: the published index is dropped, and the
-- `factcheck index` that runs this migration publishes it again.
ALTER TABLE factcheck.claims ADD COLUMN terms integer[] NOT NULL DEFAULT '{}';
CREATE INDEX claims_figure_terms ON factcheck.claims USING gin (terms) WHERE kind = 'f';
DELETE FROM factcheck.index_state;
