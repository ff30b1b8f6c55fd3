-- title: Personal data found by data classification in an untagged production column
-- catches: a HIGH-confidence finding of data classification (system.data_classification.results), in a catalog where classification is on (classified_catalogs), outside the schemas the transformation never tags (untagged_schemas), of a column that carries no sensitivity tag of pii or pii_key
-- why: the production catalog's ABAC policies mask personal data by its sensitivity tag (docs/production-data-in-dev.md); a column a scan finds personal but the data contract left untagged is read in the clear by everyone, developers in the read-only dev workspace included. The finding is a question for the contract, never a tag applied blindly
-- severity: high
-- parameters: lookback_minutes, classified_catalogs, untagged_schemas
-- reference: https://docs.databricks.com/aws/en/admin/system-tables/data-classification (latest_detected_time, catalog_name, schema_name, table_name, column_name, table_id, class_tag, confidence); https://docs.databricks.com/aws/en/data-governance/unity-catalog/data-classification; https://docs.databricks.com/aws/en/sql/language-manual/information-schema/column_tags
-- never reads the results' sample values: they are raw personal data, and an alert's result is mailed and kept in the workspace
-- the window is on latest_detected_time, the most recent scan that still found the class: a column whose tag is removed after its first detection is reported when next scanned (first_detected_time would report it once, ever), and a column reported until its contract is fixed keeps the alert triggered rather than mailing again
-- not limited to watched workspaces: the results carry no workspace; classified_catalogs is set only in the prod environment whose catalog is scanned, and the alert is deployed only there
SELECT
  r.latest_detected_time AS event_time,
  CAST(NULL AS STRING) AS actor,
  concat(
    'data classification found ', r.class_tag, ' in ',
    r.catalog_name, '.', r.schema_name, '.', r.table_name, '.', r.column_name,
    ' (HIGH confidence), but the column carries no sensitivity tag pii or pii_key, so no policy masks it.',
    ' Fix: review the column in the data contract (notebooks/lakehouse/classification.py) and classify it pii or pii_key,',
    ' or record there why it is not personal data'
  ) AS finding,
  concat_ws('/', r.table_id, r.column_name, r.class_tag) AS event_id,
  CAST(NULL AS STRING) AS workspace_id,
  CAST(NULL AS STRING) AS source_ip_address,
  'data_classification' AS service_name,
  r.class_tag AS action_name,
  r.catalog_name,
  r.schema_name,
  r.table_name,
  r.column_name,
  r.class_tag
FROM system.data_classification.results AS r
LEFT ANTI JOIN system.information_schema.column_tags AS t
  ON lower(t.catalog_name) = lower(r.catalog_name)
  AND lower(t.schema_name) = lower(r.schema_name)
  AND lower(t.table_name) = lower(r.table_name)
  AND lower(t.column_name) = lower(r.column_name)
  AND t.tag_name = 'sensitivity'
  AND t.tag_value IN ('pii', 'pii_key')
WHERE r.latest_detected_time >= timestampadd(MINUTE, -CAST(:lookback_minutes AS INT), current_timestamp())
  AND r.confidence = 'HIGH'
  AND array_contains(
    transform(split(:classified_catalogs, ','), c -> lower(trim(c))),
    lower(r.catalog_name)
  )
  AND NOT array_contains(
    transform(split(:untagged_schemas, ','), s -> lower(trim(s))),
    lower(r.schema_name)
  )
