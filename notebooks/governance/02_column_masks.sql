-- Column masks, chosen by the governed tag `sensitivity` (docs/production-data-in-dev.md).

-- pii_key columns (customer ids): a keyed SHA-256, the same input giving the same output in every
-- table, so joins on masked ids still match. Keyed, because an unkeyed hash of a known format is
-- reversed by hashing every candidate (a dictionary attack). No key: NULL, never the clear value.
CREATE OR REPLACE FUNCTION ${catalog}.governance.mask_join_key(value STRING)
RETURNS STRING
COMMENT 'Keyed SHA-256 of a pii join key: joins still match, the value does not show'
RETURN CASE
  WHEN value IS NULL THEN NULL
  ELSE sha2(concat((SELECT max(key) FROM ${catalog}.governance.pii_mask_key), '|', value), 256)
END;

-- pii columns nobody joins on (zip code prefixes, cities, review texts): redacted. A zip prefix has
-- about 100 000 values and a city a few thousand: even keyed, a hash would keep their frequencies,
-- which single out the rare ones, so they show nothing but whether a value is there.
CREATE OR REPLACE FUNCTION ${catalog}.governance.redact(value STRING)
RETURNS STRING
COMMENT 'Redaction of a pii value nobody joins on: shows only whether a value is there'
RETURN CASE WHEN value IS NULL THEN NULL ELSE '[redacted]' END;
