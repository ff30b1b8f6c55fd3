-- Row filters, chosen by the governed tag `sensitivity` = confidential (docs/production-data-in-dev.md).

-- Confidential rows (payment values): a fixed 10 % sample, the same rows on every query, chosen by a
-- hash of the tagged value so that it keeps the distribution's shape without its every row.
CREATE OR REPLACE FUNCTION ${catalog}.governance.keep_sample(value DOUBLE)
RETURNS BOOLEAN
COMMENT 'Keeps a fixed 10 percent sample of confidential rows'
RETURN pmod(xxhash64(value), 100) < 10;
