-- How many figure claims each unit has, written when the derived tables
-- are published, so that a check learns the size of a common unit (`%`,
-- `EUR`) with one key lookup instead of counting its rows. The published
-- index is dropped, and the `factcheck index` that runs this migration
-- publishes it again with the sizes.
CREATE TABLE factcheck.unit_sizes (
    unit    text PRIMARY KEY,
    figures integer NOT NULL
);
DELETE FROM factcheck.index_state;
