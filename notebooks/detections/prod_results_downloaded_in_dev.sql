-- title: Production data downloaded or exported from a dev workspace
-- catches: results downloaded (notebook preview or full results, Databricks SQL results) or a notebook exported in a dev workspace the production catalog is bound to read-only, by someone who read a production table there in the same window
-- why: developers read production data in dev so that it never has to leave the platform; masks and the row sample limit what they see, but a download or export carries even that to a laptop, which is the copy this setup exists to prevent (docs/production-data-in-dev.md)
-- severity: high
-- parameters: lookback_minutes, production_catalogs, read_only_workspace_ids
-- reference: https://docs.databricks.com/aws/en/admin/account-settings/audit-logs (service notebook: downloadPreviewResults, downloadLargeResults; service databrickssql: downloadQueryResult; service workspace: workspaceExport); https://docs.databricks.com/aws/en/admin/system-tables/lineage (system.access.table_lineage: source_table_catalog, workspace_id, created_by)
-- not limited to watched workspaces: it looks at the dev workspaces only prod names (read_only_workspace_ids), so it fires in prod's alerts
SELECT
  a.event_time,
  a.user_identity.email AS actor,
  concat(
    coalesce(a.user_identity.email, 'unknown'), ' ',
    CASE a.action_name
      WHEN 'downloadPreviewResults' THEN 'downloaded the preview results of notebook '
      WHEN 'downloadLargeResults' THEN 'downloaded the full results of notebook '
      WHEN 'downloadQueryResult' THEN 'downloaded the result of a Databricks SQL query '
      ELSE 'exported '
    END,
    coalesce(
      a.request_params['notebookFullPath'], a.request_params['notebookId'],
      a.request_params['queryResultId'], '(unnamed)'
    ),
    ' in dev workspace ', a.workspace_id, ' after reading ', r.tables
  ) AS finding,
  a.event_id,
  a.workspace_id,
  a.source_ip_address,
  a.service_name,
  a.action_name
FROM system.access.audit AS a
JOIN (
  SELECT lower(created_by) AS reader, workspace_id, array_join(sort_array(collect_set(source_table_full_name)), ', ') AS tables
  FROM system.access.table_lineage
  WHERE event_date >= to_date(timestampadd(MINUTE, -CAST(:lookback_minutes AS INT), current_timestamp()))
    AND event_time >= timestampadd(MINUTE, -CAST(:lookback_minutes AS INT), current_timestamp())
    AND array_contains(
      transform(split(:production_catalogs, ','), c -> lower(trim(c))),
      lower(source_table_catalog)
    )
  GROUP BY lower(created_by), workspace_id
) AS r
  ON r.reader = lower(a.user_identity.email) AND r.workspace_id = a.workspace_id
WHERE a.event_date >= to_date(timestampadd(MINUTE, -CAST(:lookback_minutes AS INT), current_timestamp()))
  AND a.event_time >= timestampadd(MINUTE, -CAST(:lookback_minutes AS INT), current_timestamp())
  AND array_contains(transform(split(:read_only_workspace_ids, ','), w -> trim(w)), a.workspace_id)
  AND a.response.status_code = 200
  AND (
    (a.service_name = 'notebook' AND a.action_name IN ('downloadPreviewResults', 'downloadLargeResults'))
    OR (a.service_name = 'databrickssql' AND a.action_name = 'downloadQueryResult')
    OR (a.service_name = 'workspace' AND a.action_name = 'workspaceExport')
  )
