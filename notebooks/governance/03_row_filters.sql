-- Row filters, chosen by the governed tag `sensitivity` = confidential (docs/production-data-in-dev.md).

-- Confidential rows (payment values): the rows whose value hashes into a fixed 10 % of the hash space,
-- the same rows on every query. By value, not by row: equal values are kept or dropped together (about
-- 10 % of distinct values, not exactly of rows), and NULL is always dropped (its hash falls outside).
CREATE OR REPLACE FUNCTION ${catalog}.governance.keep_sample(value DOUBLE)
RETURNS BOOLEAN
COMMENT 'Keeps a fixed 10 percent sample of confidential rows'
RETURN pmod(xxhash64(value), 100) < 10;
