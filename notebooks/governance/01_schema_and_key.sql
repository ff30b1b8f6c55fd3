-- The governance schema of a prod catalog: the functions its ABAC policies call, and the key of the
-- join-key hash. Run in file order by scripts/governance/apply-functions.ts before the policies, on
-- every deploy, as the CI/CD principal; every statement is idempotent.
-- ${catalog} is the prod catalog; :key is a random key the script draws, used only when none exists yet
-- (the key never leaves Databricks: it is in no file, no Terraform state and no log).
CREATE SCHEMA IF NOT EXISTS ${catalog}.governance
COMMENT 'Masking and row filter functions of the ABAC policies, and the key of the join-key hash (docs/production-data-in-dev.md)';

CREATE TABLE IF NOT EXISTS ${catalog}.governance.pii_mask_key (key STRING NOT NULL)
COMMENT 'Secret key of mask_join_key; readable by its owner only. Deleting the row rotates the key: every masked join key changes';

INSERT INTO ${catalog}.governance.pii_mask_key
SELECT :key AS key
WHERE NOT EXISTS (SELECT 1 FROM ${catalog}.governance.pii_mask_key);
