-- title: Personal data read unmasked from a production catalog
-- catches: a read (column lineage) of a column the data contract classifies as personal data (pii_columns) in a production catalog outside the schemas the transformation never tags (untagged_schemas), where that column carries no sensitivity tag of pii or pii_key, by anyone but the identities expected to read personal data (pii_readers)
-- why: the production catalog's ABAC policies mask personal data by its sensitivity tag for everyone outside the pii-readers group (docs/production-data-in-dev.md); a personal column without the tag is read in the clear by everyone, so each such read is personal data seen by someone it was masked from
-- severity: high
-- parameters: lookback_minutes, production_catalogs, untagged_schemas, pii_columns, pii_readers
-- reference: https://docs.databricks.com/aws/en/admin/system-tables/lineage (system.access.column_lineage: source_column_name, source_table_catalog, created_by, record_id); https://docs.databricks.com/aws/en/sql/language-manual/information-schema/column_tags (catalog_name, schema_name, table_name, column_name, tag_name, tag_value); https://docs.databricks.com/aws/en/data-governance/unity-catalog/abac/
-- untagged schemas are left out (bronze in the blueprint): they hold the raw files' columns, are never tagged (the transformation tags what it writes to silver and gold), and no developer has a grant on them, so every prod engineer's read there would fire without telling anything
-- not limited to watched workspaces: a production catalog is read from its own workspace and the dev workspaces bound read-only; only prod names production catalogs, so it fires in one environment
SELECT
  l.event_time,
  l.created_by AS actor,
  concat(
    coalesce(l.created_by, 'unknown'), ' read ', l.source_table_full_name, '.', l.source_column_name,
    ' unmasked in workspace ', l.workspace_id,
    ': the column is personal data but carries no sensitivity tag pii or pii_key, so no policy masks it'
  ) AS finding,
  l.record_id AS event_id,
  l.workspace_id,
  CAST(NULL AS STRING) AS source_ip_address,
  'column_lineage' AS service_name,
  'read' AS action_name
FROM system.access.column_lineage AS l
LEFT ANTI JOIN system.information_schema.column_tags AS t
  ON lower(t.catalog_name) = lower(l.source_table_catalog)
  AND lower(t.schema_name) = lower(l.source_table_schema)
  AND lower(t.table_name) = lower(l.source_table_name)
  AND lower(t.column_name) = lower(l.source_column_name)
  AND t.tag_name = 'sensitivity'
  AND t.tag_value IN ('pii', 'pii_key')
WHERE l.event_date >= to_date(timestampadd(MINUTE, -CAST(:lookback_minutes AS INT), current_timestamp()))
  AND l.event_time >= timestampadd(MINUTE, -CAST(:lookback_minutes AS INT), current_timestamp())
  AND array_contains(
    transform(split(:production_catalogs, ','), c -> lower(trim(c))),
    lower(l.source_table_catalog)
  )
  AND NOT array_contains(
    transform(split(:untagged_schemas, ','), s -> lower(trim(s))),
    lower(l.source_table_schema)
  )
  AND array_contains(
    transform(split(:pii_columns, ','), c -> lower(trim(c))),
    lower(l.source_column_name)
  )
  AND NOT array_contains(
    transform(split(:pii_readers, ','), p -> lower(trim(p))),
    lower(coalesce(l.created_by, ''))
  )
