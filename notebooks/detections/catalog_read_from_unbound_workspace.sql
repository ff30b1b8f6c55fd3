-- title: Production catalog read from a workspace it is not bound to
-- catches: a production catalog's table read (lineage of a query, job or notebook) or looked up (Unity Catalog getTable, allowed or refused) from a workspace outside the catalog's workspace bindings; the dev workspaces it is bound to read-only (masked, docs/production-data-in-dev.md) are bindings too, and their reads are not findings
-- why: binding production catalogs to the production workspace keeps dev compute, dev users and dev credentials away from production data; a read from elsewhere means the binding was opened, or someone is probing for it
-- severity: high
-- parameters: lookback_minutes, production_catalogs, bound_workspace_ids, read_only_workspace_ids
-- reference: https://docs.databricks.com/aws/en/admin/system-tables/lineage (system.access.table_lineage: source_table_catalog, workspace_id, created_by, record_id); https://docs.databricks.com/aws/en/admin/account-settings/audit-logs (service unityCatalog: getTable with full_name_arg); https://docs.databricks.com/aws/en/data-governance/unity-catalog/access-control/workspace-catalog-binding
-- not limited to watched workspaces: reads from other workspaces are what it looks for; only prod names production catalogs, so it fires in one environment
SELECT
  event_time,
  created_by AS actor,
  concat(
    coalesce(created_by, 'unknown'), ' read ', source_table_full_name,
    ' from workspace ', workspace_id, ', which the catalog is not bound to',
    CASE WHEN entity_type IS NOT NULL THEN ' (' || entity_type || ' ' || coalesce(entity_id, '') || ')' ELSE '' END
  ) AS finding,
  record_id AS event_id,
  workspace_id,
  CAST(NULL AS STRING) AS source_ip_address,
  'table_lineage' AS service_name,
  'read' AS action_name
FROM system.access.table_lineage
WHERE event_date >= to_date(timestampadd(MINUTE, -CAST(:lookback_minutes AS INT), current_timestamp()))
  AND event_time >= timestampadd(MINUTE, -CAST(:lookback_minutes AS INT), current_timestamp())
  AND array_contains(
    transform(split(:production_catalogs, ','), c -> lower(trim(c))),
    lower(source_table_catalog)
  )
  AND NOT array_contains(
    transform(split(:bound_workspace_ids, ','), w -> trim(w)),
    workspace_id
  )
  AND NOT array_contains(
    transform(split(:read_only_workspace_ids, ','), w -> trim(w)),
    workspace_id
  )
UNION ALL
SELECT
  event_time,
  user_identity.email AS actor,
  concat(
    coalesce(user_identity.email, 'unknown'), ' looked up ', request_params['full_name_arg'],
    ' from workspace ', workspace_id, ', which the catalog is not bound to (HTTP ',
    coalesce(CAST(response.status_code AS STRING), '?'), ')'
  ) AS finding,
  event_id,
  workspace_id,
  source_ip_address,
  service_name,
  action_name
FROM system.access.audit
WHERE event_date >= to_date(timestampadd(MINUTE, -CAST(:lookback_minutes AS INT), current_timestamp()))
  AND event_time >= timestampadd(MINUTE, -CAST(:lookback_minutes AS INT), current_timestamp())
  AND service_name = 'unityCatalog'
  AND action_name = 'getTable'
  AND array_contains(
    transform(split(:production_catalogs, ','), c -> lower(trim(c))),
    lower(split_part(coalesce(request_params['full_name_arg'], ''), '.', 1))
  )
  AND NOT array_contains(
    transform(split(:bound_workspace_ids, ','), w -> trim(w)),
    workspace_id
  )
  AND NOT array_contains(
    transform(split(:read_only_workspace_ids, ','), w -> trim(w)),
    workspace_id
  )
