-- The governance schema of a prod catalog: the functions its ABAC policies call, and the key of the
-- join-key hash. Run in file order by scripts/governance/apply-functions.ts before the policies, on
-- every deploy, as the CI/CD principal; every statement is idempotent.
-- ${catalog} is the prod catalog; :key is a random key the script draws, used only when none exists yet
-- or when :rotate is 'true' (the key is in no Terraform state, no log and no repository file). Not
-- readable by developers; readable by its owner and, through inheritance UC cannot block, by whoever
-- holds ALL_PRIVILEGES on the catalog (prod admins) or owns it (docs/production-data-in-dev.md).
CREATE SCHEMA IF NOT EXISTS ${catalog}.governance
COMMENT 'Masking and row filter functions of the ABAC policies, and the key of the join-key hash (docs/production-data-in-dev.md)';

CREATE TABLE IF NOT EXISTS ${catalog}.governance.pii_mask_key (key STRING NOT NULL)
USING DELTA
COMMENT 'Secret key of mask_join_key. Rotate by re-running the deploy with LAKEHOUSE_ROTATE_MASK_KEY=true (docs/production-data-in-dev.md), never by deleting the row: without a row every join key masks to NULL';

INSERT INTO ${catalog}.governance.pii_mask_key
SELECT :key AS key
WHERE NOT EXISTS (SELECT 1 FROM ${catalog}.governance.pii_mask_key);

-- Rotation, only on a deploy run with LAKEHOUSE_ROTATE_MASK_KEY=true: the key is replaced in one
-- transaction, so no query ever sees the table without a key (and masks never go NULL in between).
UPDATE ${catalog}.governance.pii_mask_key SET key = :key WHERE :rotate = 'true';
